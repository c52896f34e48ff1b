/** @module The AWS JSON 1.1 API: verify the signature, find the action, validate, authorize, run, answer. */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { AccessDenied, InternalServerError, SerializationException, UnknownOperationException } from "../../../protocol/errors/errors.ts";
import { ServiceError } from "../../../protocol/errors/service-error.ts";
import { machineClock } from "../clock.ts";
import { evaluatePolicies } from "../iam/evaluate-policies.ts";
import type { Principal } from "../iam/principal.ts";
import type { Logger } from "../log.ts";
import { type AccessKeyLookup, verifySignature } from "../sigv4/verify-signature.ts";
import { InputValidator } from "../validation/validate-input.ts";
import { type ActionContext, type ActionDefinition, iamActionOf, maxRequestBytes, type TargetPrefix, targetServices } from "./action.ts";
import { handleIamQuery, type IamQueryDeps, iamVersion } from "./iam-query.ts";
import { respondJson } from "./respond.ts";
import { handleStsQuery, isStsQuery, type StsQueryDeps } from "./sts-query.ts";

interface CompiledAction {
  definition: ActionDefinition;
  validator: InputValidator<ActionDefinition["input"]>;
  iamAction: string;
}

export interface ApiOptions {
  actions: ActionDefinition[];
  lookupAccessKey: AccessKeyLookup<Principal>;
  log: Logger;
  /** The server's clock: each request's `ctx.now`. */
  now: () => number;
  /** Tests only: what is wrong with an answer by its service model. A wrong answer becomes an InternalServerError. */
  outputCheck?: (target: string, name: string, output: object) => string[];
}

/** What the caller's policies say of `iamAction` on one resource. */
export function decide(ctx: ActionContext, iamAction: string, resource: string): ReturnType<typeof evaluatePolicies> {
  const context = {
    "aws:RequestedRegion": [ctx.region],
    "aws:username": [ctx.principal.userName],
    "aws:PrincipalAccount": [ctx.principal.accountId],
  };
  return evaluatePolicies(ctx.principal.policies, { action: iamAction, resource, context });
}

/** Throws AccessDenied unless the caller's policies allow `iamAction` on every resource. */
export function authorize(ctx: ActionContext, iamAction: string, resources: string[]): void {
  for (const resource of resources) {
    const decision = decide(ctx, iamAction, resource);
    if (decision !== "Allow") {
      const why =
        decision === "ExplicitDeny"
          ? "with an explicit deny in an identity-based policy"
          : `because no identity-based policy allows the ${iamAction} action`;
      throw new AccessDenied(`User: ${ctx.principal.arn} is not authorized to perform: ${iamAction} on resource: ${resource} ${why}`);
    }
  }
}

function parseBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw new SerializationException("Start of structure or map found where not expected, or the body is not valid JSON.");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new SerializationException("The request body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

/** Builds the handler of `POST /` for every declared action. */
export function createApi(options: ApiOptions) {
  const byTarget = new Map<string, CompiledAction>();
  for (const definition of options.actions) {
    const key = `${definition.target}.${definition.name}`;
    if (byTarget.has(key)) throw new Error(`action declared twice: ${key}`);
    const style = definition.target === "AWSOrganizationsV20161128" ? "InvalidInputException" : "ValidationException";
    byTarget.set(key, { definition, validator: new InputValidator(definition.input, style), iamAction: iamActionOf(definition) });
  }

  /** Validates the input, authorizes the resources it names, runs the handler: every caller's way into an action. */
  async function invoke(action: CompiledAction, ctx: ActionContext, raw: Record<string, unknown>): Promise<object> {
    const input = action.validator.validate(raw);
    authorize(ctx, action.iamAction, action.definition.resources(ctx, input));
    const output = await action.definition.handle(ctx, input);
    const problems = options.outputCheck?.(action.definition.target, action.definition.name, output) ?? [];
    if (problems.length > 0) {
      options.log.error({ action: action.definition.name, problems }, "the answer does not match the service model");
      throw new InternalServerError("The answer does not match the service model.");
    }
    return output;
  }

  async function run(
    req: IncomingMessage,
    body: Buffer,
    requestId: string,
  ): Promise<{ action: string; ctx?: ActionContext; output: object }> {
    const target = String(req.headers["x-amz-target"] ?? "");
    const prefix = target.split(".")[0] as TargetPrefix;
    const service = targetServices[prefix] ?? "ssm";
    const verified = await verifySignature(
      { method: req.method ?? "POST", url: req.url ?? "/", headers: req.headers, body },
      service,
      options.lookupAccessKey,
      machineClock(),
    );
    const action = byTarget.get(target);
    if (!action) throw new UnknownOperationException(`Unknown operation ${target.slice(0, 200)}`);
    const ctx: ActionContext = {
      requestId,
      accountId: verified.principal.accountId,
      region: verified.region,
      principal: verified.principal,
      now: options.now(),
    };
    return { action: target, ctx, output: await invoke(action, ctx, parseBody(body)) };
  }

  /** Known before the body is read: the limit of the action the request names, or the default for an unknown one. */
  function maxBodyBytes(req: IncomingMessage): number {
    return byTarget.get(String(req.headers["x-amz-target"] ?? ""))?.definition.maxRequestBytes ?? maxRequestBytes;
  }

  // STS's GetSessionToken is Bosun's own action, authorized and run as any other.
  const sessionToken = byTarget.get("Bosun.GetSessionToken");
  const sts: StsQueryDeps = {
    now: options.now,
    lookupAccessKey: options.lookupAccessKey,
    log: options.log,
    async getSessionToken(ctx, durationSeconds) {
      if (!sessionToken) throw new UnknownOperationException("GetSessionToken is not served here.");
      const input = durationSeconds === undefined ? {} : { DurationSeconds: durationSeconds };
      return (await invoke(sessionToken, ctx, input)) as { Credentials: Record<string, string | number> };
    },
  };

  // IAM's actions run Bosun's identity actions, authorized as the IAM action an IAM policy names.
  const iam: IamQueryDeps = {
    now: options.now,
    lookupAccessKey: options.lookupAccessKey,
    log: options.log,
    async invoke(target, iamAction, ctx, input) {
      const action = byTarget.get(target);
      if (!action) throw new UnknownOperationException(`${target} is not served here.`);
      return (await invoke({ ...action, iamAction }, ctx, input)) as Record<string, unknown>;
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const requestId = randomUUID();
    // The query protocol (a form body): IAM's Version, or STS's.
    if (isStsQuery(req)) {
      const form = new URLSearchParams(body.toString("utf8"));
      if (form.get("Version") === iamVersion) return handleIamQuery(req, res, form, body, iam, requestId);
      return handleStsQuery(req, res, body, sts, requestId);
    }
    const started = performance.now();
    let status = 200;
    let payload: object;
    let action = String(req.headers["x-amz-target"] ?? "").slice(0, 200);
    let account: string | undefined;
    try {
      const result = await run(req, body, requestId);
      action = result.action;
      account = result.ctx?.accountId;
      payload = result.output;
    } catch (error) {
      let failure: ServiceError;
      if (error instanceof ServiceError) {
        failure = error;
      } else {
        // Unexpected: log the error object (never the request body), answer without details.
        options.log.error({ requestId, action, err: error }, "request failed");
        failure = new InternalServerError("An internal error occurred.");
      }
      status = failure.status;
      payload = failure.toBody();
      options.log.info(
        { requestId, action, status, exception: failure.exception, ms: Math.round(performance.now() - started) },
        "request rejected",
      );
    }
    respondJson(res, status, payload, requestId);
    if (status === 200 && options.log.isLevelEnabled("debug"))
      options.log.debug({ requestId, action, account, ms: Math.round(performance.now() - started) }, "request");
  }

  return { handle, maxBodyBytes };
}
