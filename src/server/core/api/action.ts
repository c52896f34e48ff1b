/** @module What an API action is: its target, input schema, the resources it touches, and its handler. */
import type { Static, TSchema } from "@sinclair/typebox";
import type { OrganizationsOutputs, SsmOutputs } from "../../../protocol/model-outputs.ts";
import type { Principal } from "../iam/principal.ts";

/** The X-Amz-Target prefixes Bosun answers, and the SigV4 service name each is signed for. */
export const targetServices = { AmazonSSM: "ssm", Bosun: "ssm", AWSOrganizationsV20161128: "organizations", TrentService: "kms" } as const;
export type TargetPrefix = keyof typeof targetServices;

/** Everything a handler knows about the request beyond its input. */
export interface ActionContext {
  requestId: string;
  /** The caller's account: every read and write is scoped by it and by `region`. */
  accountId: string;
  region: string;
  principal: Principal;
  /** Epoch milliseconds when the request arrived. */
  now: number;
}

export interface ActionDefinition<S extends TSchema = TSchema, Output extends object = object> {
  target: TargetPrefix;
  name: string;
  input: S;
  /** The IAM action; `ssm:<Name>`, `bosun:<Name>`, `organizations:<Name>` or `kms:<Name>` when omitted. */
  iamAction?: string;
  /** The largest request body the action takes, when it differs from `maxRequestBytes`. */
  maxRequestBytes?: number;
  /** The ARNs this request touches, each authorized before the handler runs (`*` for account-wide listings). */
  resources(ctx: ActionContext, input: Static<S>): string[];
  /** The answer; for SSM and Organizations its type is the model's output (src/protocol/model-outputs.ts). */
  handle(ctx: ActionContext, input: Static<S>): Promise<Output>;
}

const iamPrefixes: Record<TargetPrefix, string> = {
  AmazonSSM: "ssm",
  Bosun: "bosun",
  AWSOrganizationsV20161128: "organizations",
  TrentService: "kms",
};

/**
 * The largest request body an action takes unless it says otherwise. SSM's inputs are small (a parameter value is at
 * most 8 KB, a Command document 64 KB); the two that carry data in bulk, PutInventory (30 items of up to 10,000
 * entries) and a CMDB import, declare their own.
 */
export const maxRequestBytes = 2 * 1024 * 1024;

/** What an action answers: the model's output for SSM and Organizations; Bosun's own actions declare none. */
type OutputOf<Target extends TargetPrefix, Name extends string> = Target extends "AmazonSSM"
  ? Name extends keyof SsmOutputs
    ? SsmOutputs[Name]
    : never
  : Target extends "AWSOrganizationsV20161128"
    ? Name extends keyof OrganizationsOutputs
      ? OrganizationsOutputs[Name]
      : never
    : object;

/**
 * Declares an action with its input type inferred from the schema and its answer typed by the service model: a
 * handler of an SSM or Organizations action that returns what the model does not have does not compile.
 */
export function defineAction<S extends TSchema, Target extends TargetPrefix, Name extends string>(
  definition: ActionDefinition<S, OutputOf<Target, Name>> & { target: Target; name: Name },
): ActionDefinition {
  return definition as unknown as ActionDefinition;
}

/** The IAM action name of a definition. */
export function iamActionOf(action: ActionDefinition): string {
  return action.iamAction ?? `${iamPrefixes[action.target]}:${action.name}`;
}
