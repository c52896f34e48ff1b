/**
 * @module STS on the same endpoint: `aws sts get-caller-identity` (the first command people run to check their keys
 * and find their account id) and GetSessionToken, in STS's query protocol — a form-encoded POST signed for `sts`,
 * answered in XML. GetCallerIdentity needs no permission, as in AWS; GetSessionToken runs Bosun's own action.
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

const namespace = "https://sts.amazonaws.com/doc/2011-06-15/";

const xml = xmlText;

/** STS's error codes for the authentication failures Bosun's verifier raises. */
const stsCodes: Record<string, string> = {
  UnrecognizedClientException: "InvalidClientTokenId",
  InvalidSignatureException: "SignatureDoesNotMatch",
  IncompleteSignatureException: "IncompleteSignature",
  MissingAuthenticationTokenException: "MissingAuthenticationToken",
  ExpiredTokenException: "ExpiredToken",
  AccessDeniedException: "AccessDenied",
  ValidationException: "ValidationError",
};

/** A stable id for the user, as STS's `UserId` (AWS's is `AIDA…` for a user). */
const userIdOf = (principal: Principal) =>
  `AIDA${createHash("sha256").update(principal.arn).digest("hex").slice(0, 17).toUpperCase()}${principal.temporary ? ":session" : ""}`;

export interface StsQueryDeps {
  lookupAccessKey: AccessKeyLookup<Principal>;
  /** Bosun's GetSessionToken, authorized and run as the API runs it. */
  getSessionToken(ctx: ActionContext, durationSeconds: number | undefined): Promise<{ Credentials: Record<string, string | number> }>;
  log: Logger;
  /** The server's clock: the request's `ctx.now`. */
  now: () => number;
}

/** Whether a request is STS's query protocol (a form body, no X-Amz-Target) rather than AWS JSON. */
export const isStsQuery = (req: IncomingMessage): boolean =>
  req.headers["x-amz-target"] === undefined && String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");

export async function handleStsQuery(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  deps: StsQueryDeps,
  requestId: string,
): Promise<void> {
  const form = new URLSearchParams(body.toString("utf8"));
  const action = form.get("Action") ?? "";
  try {
    const verified = await verifySignature(
      { method: req.method ?? "POST", url: req.url ?? "/", headers: req.headers, body },
      "sts",
      deps.lookupAccessKey,
      machineClock(),
    );
    const principal = verified.principal;
    if (action === "GetCallerIdentity") {
      respondXml(
        res,
        200,
        `<GetCallerIdentityResponse xmlns="${namespace}"><GetCallerIdentityResult><Arn>${xml(principal.arn)}</Arn><UserId>${userIdOf(principal)}</UserId><Account>${principal.accountId}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
        requestId,
      );
      return;
    }
    if (action === "GetSessionToken") {
      const duration = form.get("DurationSeconds");
      const ctx: ActionContext = { requestId, accountId: principal.accountId, region: verified.region, principal, now: deps.now() };
      const { Credentials: c } = await deps.getSessionToken(ctx, duration === null ? undefined : Number(duration));
      const expiration = new Date(Number(c.Expiration) * 1000).toISOString();
      respondXml(
        res,
        200,
        `<GetSessionTokenResponse xmlns="${namespace}"><GetSessionTokenResult><Credentials><AccessKeyId>${xml(String(c.AccessKeyId))}</AccessKeyId><SecretAccessKey>${xml(String(c.SecretAccessKey))}</SecretAccessKey><SessionToken>${xml(String(c.SessionToken))}</SessionToken><Expiration>${expiration}</Expiration></Credentials></GetSessionTokenResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetSessionTokenResponse>`,
        requestId,
      );
      return;
    }
    throw new ServiceError(
      "ValidationException",
      `Bosun answers the STS actions GetCallerIdentity and GetSessionToken, not ${action.slice(0, 100)}.`,
    );
  } catch (error) {
    const failure = error instanceof ServiceError ? error : undefined;
    if (!failure) deps.log.error({ requestId, action: `sts:${action.slice(0, 100)}`, err: error }, "request failed");
    const code = failure ? (stsCodes[failure.exception] ?? failure.exception) : "InternalFailure";
    const message = failure?.message ?? "An internal error occurred.";
    respondXml(
      res,
      failure ? (code === "AccessDenied" || code === "ExpiredToken" ? 403 : failure.status) : 500,
      `<ErrorResponse xmlns="${namespace}"><Error><Type>${failure ? "Sender" : "Receiver"}</Type><Code>${xml(code)}</Code><Message>${xml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      requestId,
    );
  }
}
