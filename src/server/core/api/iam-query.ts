/**
 * @module IAM on the same endpoint, for `aws iam` and infrastructure-as-code tools: IAM's query protocol (a form POST
 * signed for `iam`, Version 2010-05-08, answered in XML) for users, their tags, access keys, inline policies and login
 * profiles.
 * Each IAM action runs the matching `Bosun.*` identity action — the same validation and handler — authorized as the
 * IAM action (`iam:CreateUser`), as an IAM policy names it. Errors take IAM's codes (NoSuchEntity, DeleteConflict, …).
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ServiceError } from "../../../protocol/errors/service-error.ts";
import { machineClock } from "../clock.ts";
import type { Principal } from "../iam/principal.ts";
import type { Logger } from "../log.ts";
import { type AccessKeyLookup, verifySignature } from "../sigv4/verify-signature.ts";
import type { ActionContext } from "./action.ts";
import { respondXml, xmlText } from "./query-xml.ts";

const namespace = "https://iam.amazonaws.com/doc/2010-05-08/";
export const iamVersion = "2010-05-08";

const xml = xmlText;
const iso = (seconds: unknown) => new Date(Number(seconds) * 1000).toISOString();
const el = (name: string, value: unknown) => (value === undefined ? "" : `<${name}>${xml(String(value))}</${name}>`);

/** A stable user id, as IAM's `AIDA…`. */
const userIdOf = (arn: string) => `AIDA${createHash("sha256").update(arn).digest("hex").slice(0, 17).toUpperCase()}`;

type Output = Record<string, unknown>;
type User = { UserName: string; Arn: string; CreateDate: number };

const userXml = (u: User) =>
  `<Path>/</Path>${el("UserName", u.UserName)}${el("UserId", userIdOf(u.Arn))}${el("Arn", u.Arn)}${el("CreateDate", iso(u.CreateDate))}`;

/** Each IAM action: the Bosun action it runs, its input from the form, and its result as IAM's XML. */
interface IamAction {
  bosun: string;
  input(form: URLSearchParams, principal: Principal): Record<string, unknown>;
  result(output: Output, form: URLSearchParams): string;
}

const userName = (form: URLSearchParams) => ({ UserName: form.get("UserName") ?? "" });

/** A query-protocol list (`Name.member.1`, `Name.member.2`, …), in order, up to the first gap. */
function members(form: URLSearchParams, name: string, read: (prefix: string) => unknown): unknown[] {
  const present = new Set<number>();
  const prefix = `${name}.member.`;
  for (const key of form.keys()) if (key.startsWith(prefix)) present.add(Number.parseInt(key.slice(prefix.length), 10));
  const items: unknown[] = [];
  for (let n = 1; present.has(n); n++) items.push(read(`${prefix}${n}`));
  return items;
}
const none = () => "";

/** A page of a listing: IAM's Marker (the last item of the page before) and MaxItems (default 100). */
function page<T>(items: T[], form: URLSearchParams, keyOf: (item: T) => string) {
  const marker = form.get("Marker");
  const max = Math.max(1, Math.min(1000, Number(form.get("MaxItems") ?? 100) || 100));
  const start = marker ? items.findIndex((i) => keyOf(i) > marker) : 0;
  const rest = start < 0 ? [] : items.slice(start);
  const shown = rest.slice(0, max);
  const truncated = rest.length > max;
  const last = shown[shown.length - 1];
  return { shown, tail: `<IsTruncated>${truncated}</IsTruncated>${truncated && last ? el("Marker", keyOf(last)) : ""}` };
}

export const iamActions: Record<string, IamAction> = {
  CreateUser: { bosun: "Bosun.CreateUser", input: userName, result: (o) => `<User>${userXml(o.User as User)}</User>` },
  GetUser: {
    bosun: "Bosun.GetUser",
    // Without a UserName, IAM answers for the caller.
    input: (form, principal) => ({ UserName: form.get("UserName") ?? principal.userName }),
    result: (o) => `<User>${userXml(o.User as User)}</User>`,
  },
  ListUsers: {
    bosun: "Bosun.ListUsers",
    input: () => ({}),
    result: (o, form) => {
      const { shown, tail } = page(o.Users as User[], form, (u) => u.UserName);
      return `<Users>${shown.map((u) => `<member>${userXml(u)}</member>`).join("")}</Users>${tail}`;
    },
  },
  DeleteUser: { bosun: "Bosun.DeleteUser", input: userName, result: none },
  CreateAccessKey: {
    bosun: "Bosun.CreateAccessKey",
    input: (form, principal) => ({ UserName: form.get("UserName") ?? principal.userName }),
    result: (o) => {
      const k = o.AccessKey as Record<string, unknown>;
      return `<AccessKey>${el("UserName", k.UserName)}${el("AccessKeyId", k.AccessKeyId)}${el("Status", k.Status)}${el("SecretAccessKey", k.SecretAccessKey)}${el("CreateDate", iso(k.CreateDate))}</AccessKey>`;
    },
  },
  ListAccessKeys: {
    bosun: "Bosun.ListAccessKeys",
    input: (form, principal) => ({ UserName: form.get("UserName") ?? principal.userName }),
    result: (o, form) => {
      const keys = o.AccessKeyMetadata as Record<string, unknown>[];
      const { shown, tail } = page(keys, form, (k) => String(k.AccessKeyId));
      const members = shown.map(
        (k) =>
          `<member>${el("UserName", k.UserName)}${el("AccessKeyId", k.AccessKeyId)}${el("Status", k.Status)}${el("CreateDate", iso(k.CreateDate))}</member>`,
      );
      return `<AccessKeyMetadata>${members.join("")}</AccessKeyMetadata>${tail}`;
    },
  },
  UpdateAccessKey: {
    bosun: "Bosun.UpdateAccessKey",
    input: (form, principal) => ({
      UserName: form.get("UserName") ?? principal.userName,
      AccessKeyId: form.get("AccessKeyId") ?? "",
      Status: form.get("Status") ?? "",
    }),
    result: none,
  },
  DeleteAccessKey: {
    bosun: "Bosun.DeleteAccessKey",
    input: (form, principal) => ({ UserName: form.get("UserName") ?? principal.userName, AccessKeyId: form.get("AccessKeyId") ?? "" }),
    result: none,
  },
  PutUserPolicy: {
    bosun: "Bosun.PutUserPolicy",
    input: (form) => ({ ...userName(form), PolicyName: form.get("PolicyName") ?? "", PolicyDocument: form.get("PolicyDocument") ?? "" }),
    result: none,
  },
  GetUserPolicy: {
    bosun: "Bosun.GetUserPolicy",
    input: (form) => ({ ...userName(form), PolicyName: form.get("PolicyName") ?? "" }),
    // IAM sends a policy document URL-encoded; the AWS CLI and SDKs decode it.
    result: (o) =>
      `${el("UserName", o.UserName)}${el("PolicyName", o.PolicyName)}${el("PolicyDocument", encodeURIComponent(String(o.PolicyDocument)))}`,
  },
  ListUserPolicies: {
    bosun: "Bosun.ListUserPolicies",
    input: userName,
    result: (o, form) => {
      const { shown, tail } = page(o.PolicyNames as string[], form, (n) => n);
      return `<PolicyNames>${shown.map((n) => el("member", n)).join("")}</PolicyNames>${tail}`;
    },
  },
  DeleteUserPolicy: {
    bosun: "Bosun.DeleteUserPolicy",
    input: (form) => ({ ...userName(form), PolicyName: form.get("PolicyName") ?? "" }),
    result: none,
  },
  TagUser: {
    bosun: "Bosun.TagUser",
    input: (form) => ({
      ...userName(form),
      Tags: members(form, "Tags", (at) => ({ Key: form.get(`${at}.Key`) ?? "", Value: form.get(`${at}.Value`) ?? "" })),
    }),
    result: none,
  },
  UntagUser: {
    bosun: "Bosun.UntagUser",
    input: (form) => ({ ...userName(form), TagKeys: members(form, "TagKeys", (at) => form.get(at) ?? "") }),
    result: none,
  },
  ListUserTags: {
    bosun: "Bosun.ListUserTags",
    input: userName,
    result: (o, form) => {
      const { shown, tail } = page(o.Tags as { Key: string; Value: string }[], form, (t) => t.Key);
      return `<Tags>${shown.map((t) => `<member>${el("Key", t.Key)}${el("Value", t.Value)}</member>`).join("")}</Tags>${tail}`;
    },
  },
  CreateLoginProfile: {
    bosun: "Bosun.PutLoginProfile",
    input: (form) => ({ ...userName(form), Password: form.get("Password") ?? "" }),
    result: (o) => {
      const p = o.LoginProfile as Record<string, unknown>;
      return `<LoginProfile>${el("UserName", p.UserName)}${el("CreateDate", iso(p.CreateDate))}<PasswordResetRequired>false</PasswordResetRequired></LoginProfile>`;
    },
  },
  DeleteLoginProfile: { bosun: "Bosun.DeleteLoginProfile", input: userName, result: none },
};

/** IAM's error codes (and statuses) for the exceptions Bosun's identity actions and verifier raise. */
const iamCodes: Record<string, [string, number]> = {
  DoesNotExistException: ["NoSuchEntity", 404],
  AlreadyExistsException: ["EntityAlreadyExists", 409],
  ResourceLimitExceededException: ["LimitExceeded", 409],
  ResourceInUseException: ["DeleteConflict", 409],
  ValidationException: ["ValidationError", 400],
  AccessDeniedException: ["AccessDenied", 403],
  UnrecognizedClientException: ["InvalidClientTokenId", 403],
  InvalidSignatureException: ["SignatureDoesNotMatch", 403],
  IncompleteSignatureException: ["IncompleteSignature", 400],
  MissingAuthenticationTokenException: ["MissingAuthenticationToken", 403],
  ExpiredTokenException: ["ExpiredToken", 403],
};

function iamError(failure: ServiceError): [string, number] {
  // A policy Bosun cannot read is IAM's MalformedPolicyDocument.
  if (failure.exception === "ValidationException" && /policy document is malformed/i.test(failure.message))
    return ["MalformedPolicyDocument", 400];
  return iamCodes[failure.exception] ?? [failure.exception, failure.status];
}

export interface IamQueryDeps {
  lookupAccessKey: AccessKeyLookup<Principal>;
  /** Runs a Bosun action as the API runs it, authorized as `iamAction`. */
  invoke(target: string, iamAction: string, ctx: ActionContext, input: Record<string, unknown>): Promise<Output>;
  log: Logger;
  now: () => number;
}

export async function handleIamQuery(
  req: IncomingMessage,
  res: ServerResponse,
  form: URLSearchParams,
  body: Buffer,
  deps: IamQueryDeps,
  requestId: string,
): Promise<void> {
  const action = form.get("Action") ?? "";
  try {
    const verified = await verifySignature(
      { method: req.method ?? "POST", url: req.url ?? "/", headers: req.headers, body },
      "iam",
      deps.lookupAccessKey,
      machineClock(),
    );
    const known = iamActions[action];
    if (!known)
      throw new ServiceError(
        "ValidationException",
        `Bosun answers IAM's user, user tag, access key, inline policy and login profile actions, not ${action.slice(0, 100)}.`,
      );
    const principal = verified.principal;
    const ctx: ActionContext = { requestId, accountId: principal.accountId, region: verified.region, principal, now: deps.now() };
    const output = await deps.invoke(known.bosun, `iam:${action}`, ctx, known.input(form, principal));
    respondXml(
      res,
      200,
      `<${action}Response xmlns="${namespace}"><${action}Result>${known.result(output, form)}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
      requestId,
    );
  } catch (error) {
    const failure = error instanceof ServiceError ? error : undefined;
    if (!failure) deps.log.error({ requestId, action: `iam:${action.slice(0, 100)}`, err: error }, "request failed");
    const [code, status] = failure ? iamError(failure) : ["ServiceFailure", 500];
    const message = failure?.message ?? "An internal error occurred.";
    respondXml(
      res,
      status,
      `<ErrorResponse xmlns="${namespace}"><Error><Type>${failure ? "Sender" : "Receiver"}</Type><Code>${xml(code)}</Code><Message>${xml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      requestId,
    );
  }
}
