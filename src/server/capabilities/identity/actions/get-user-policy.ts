/** @module Bosun.GetUserPolicy (IAM's GetUserPolicy): one inline policy of a user, as written. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { AwsString } from "../../../core/validation/aws-shapes.ts";
import type { IdentityStore } from "../identity-store.ts";
import { NoSuchEntity, targetAccount, userMembers, userResource } from "../target-account.ts";

export const PolicyNameShape = () => AwsString({ min: 1, max: 128, pattern: "^[\\w+=,.@-]+$" });

export function getUserPolicyAction(store: IdentityStore) {
  return defineAction({
    target: "Bosun",
    name: "GetUserPolicy",
    input: Type.Object({ ...userMembers(), PolicyName: PolicyNameShape() }),
    resources: userResource,
    async handle(ctx, input) {
      const accountId = await targetAccount(store, ctx, input.AccountId);
      const policy = (await store.listUserPolicies(accountId, input.UserName)).find((p) => p.policy_name === input.PolicyName);
      if (!policy) throw new NoSuchEntity(`The user policy with name ${input.PolicyName} cannot be found.`);
      return { UserName: input.UserName, PolicyName: policy.policy_name, PolicyDocument: policy.document };
    },
  });
}
