/** @module Bosun.PutUserPolicy: attach or replace a named inline policy of a user. */
import { Type } from "@sinclair/typebox";
import { ValidationException } from "../../../../protocol/errors/errors.ts";
import { defineError as defineErrorFor } from "../../../../protocol/errors/service-error.ts";
import { defineAction } from "../../../core/api/action.ts";
import { parsePolicyDocument } from "../../../core/iam/policy-document.ts";
import { AwsString } from "../../../core/validation/aws-shapes.ts";
import type { IdentityStore } from "../identity-store.ts";
import { targetAccount, userMembers, userResource } from "../target-account.ts";

const NoSuchEntity = defineErrorFor("DoesNotExistException");

/** Returns the policy text when Bosun can evaluate it; throws ValidationException otherwise. */
export function checkedPolicy(text: string): string {
  if (!parsePolicyDocument(text)) {
    throw new ValidationException(
      "The policy document is malformed: it needs Statement entries with Effect, Action or NotAction, and Resource or NotResource.",
    );
  }
  return text;
}

export function putUserPolicyAction(store: IdentityStore) {
  return defineAction({
    target: "Bosun",
    name: "PutUserPolicy",
    input: Type.Object({
      ...userMembers(),
      PolicyName: AwsString({ min: 1, max: 128, pattern: "^[\\w+=,.@-]+$" }),
      PolicyDocument: AwsString({ min: 1, max: 6144 }),
    }),
    resources: userResource,
    async handle(ctx, input) {
      const accountId = await targetAccount(store, ctx, input.AccountId);
      const policy = checkedPolicy(input.PolicyDocument);
      if (!(await store.userExists(accountId, input.UserName))) throw new NoSuchEntity(`User ${input.UserName} does not exist.`);
      await store.putUserPolicy(accountId, input.UserName, input.PolicyName, policy);
      return {};
    },
  });
}
