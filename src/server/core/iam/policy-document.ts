/** @module The IAM policy document shape Bosun accepts, as a schema (Effect, Action, Resource, a few Conditions). */
import { type Static, Type } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";

const OneOrMany = Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })]);

export const conditionOperators = ["StringEquals", "StringNotEquals", "StringLike", "StringNotLike"] as const;

const ConditionBlock = Type.Partial(
  Type.Object(Object.fromEntries(conditionOperators.map((op) => [op, Type.Record(Type.String(), OneOrMany)]))),
  { additionalProperties: false },
);

const Statement = Type.Object({
  Sid: Type.Optional(Type.String()),
  Effect: Type.Union([Type.Literal("Allow"), Type.Literal("Deny")]),
  Action: Type.Optional(OneOrMany),
  NotAction: Type.Optional(OneOrMany),
  Resource: Type.Optional(OneOrMany),
  NotResource: Type.Optional(OneOrMany),
  Condition: Type.Optional(ConditionBlock),
});

export const PolicyDocumentSchema = Type.Object({
  Version: Type.Optional(Type.String()),
  Statement: Type.Union([Statement, Type.Array(Statement, { minItems: 1 })]),
});

export type PolicyDocument = Static<typeof PolicyDocumentSchema>;
export type PolicyStatement = Static<typeof Statement>;

const check = TypeCompiler.Compile(PolicyDocumentSchema);

/** Parses a policy's JSON text; returns undefined when it is not a policy Bosun can evaluate. */
export function parsePolicyDocument(text: string): PolicyDocument | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!check.Check(parsed)) return undefined;
  const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
  const complete = statements.every(
    (s) => (s.Action === undefined) !== (s.NotAction === undefined) && (s.Resource === undefined) !== (s.NotResource === undefined),
  );
  return complete ? parsed : undefined;
}

/** The policy every account's administrator holds. */
export const administratorPolicy: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};
