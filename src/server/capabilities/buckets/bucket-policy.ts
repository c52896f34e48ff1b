/**
 * @module Bucket policies, the part of S3's that Bosun's writers need: Allow statements naming the accounts that may
 * put objects (`Principal: {"AWS": ["123456789012", "arn:aws:iam::123456789012:root"]}`), or any principal of an
 * organization (`Principal: "*"` with `Condition: {"StringEquals": {"aws:PrincipalOrgID": "o-…"}}`), the grant AWS
 * documents for one central resource data sync bucket.
 */
import { Type } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { ValidationException } from "../../../protocol/errors/errors.ts";

const MalformedPolicy = ValidationException;

const Strings = Type.Union([Type.String(), Type.Array(Type.String())]);
const Statement = Type.Object({
  Sid: Type.Optional(Type.String()),
  Effect: Type.Union([Type.Literal("Allow"), Type.Literal("Deny")]),
  Principal: Type.Union([Type.Literal("*"), Type.Object({ AWS: Strings })]),
  Action: Strings,
  Resource: Type.Optional(Strings),
  Condition: Type.Optional(Type.Record(Type.String(), Type.Record(Type.String(), Strings))),
});
const PolicyDocument = Type.Object({ Version: Type.Optional(Type.String()), Statement: Type.Array(Statement, { minItems: 1 }) });
const checkPolicy = TypeCompiler.Compile(PolicyDocument);

export type BucketPolicy = (typeof PolicyDocument)["static"];

const list = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);
const accountOf = (principal: string): string | undefined =>
  /^\d{12}$/.test(principal) ? principal : /^arn:aws:iam::(\d{12}):root$/.exec(principal)?.[1];

/** Parses and checks a policy; throws MalformedPolicy with what is wrong. */
export function parseBucketPolicy(text: string): BucketPolicy {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new MalformedPolicy("The policy is not valid JSON.");
  }
  if (!checkPolicy.Check(parsed)) throw new MalformedPolicy("The policy must have Statement entries with Effect, Principal and Action.");
  for (const statement of parsed.Statement) {
    if (statement.Principal !== "*" && !list(statement.Principal.AWS).every((p) => accountOf(p) !== undefined))
      throw new MalformedPolicy("Principal AWS entries must be account ids or arn:aws:iam::<account>:root.");
    for (const [operator, keys] of Object.entries(statement.Condition ?? {}))
      if (operator !== "StringEquals" || Object.keys(keys).some((k) => k !== "aws:PrincipalOrgID"))
        throw new MalformedPolicy("Bosun's bucket policies support only the condition StringEquals on aws:PrincipalOrgID.");
  }
  return parsed;
}

/** Whether the policy lets `accountId` (of organization `organizationId`) put objects. A Deny that matches wins. */
export function policyAllowsWrite(policy: BucketPolicy, accountId: string, organizationId: string | undefined): boolean {
  const matches = (statement: BucketPolicy["Statement"][number]) => {
    const writes = list(statement.Action).some((a) => a === "*" || a === "s3:*" || a === "s3:PutObject");
    const principal = statement.Principal === "*" || list(statement.Principal.AWS).some((p) => accountOf(p) === accountId);
    const orgs = statement.Condition?.StringEquals?.["aws:PrincipalOrgID"];
    const condition = orgs === undefined || (organizationId !== undefined && list(orgs).includes(organizationId));
    return writes && principal && condition;
  };
  if (policy.Statement.some((s) => s.Effect === "Deny" && matches(s))) return false;
  return policy.Statement.some((s) => s.Effect === "Allow" && matches(s));
}
