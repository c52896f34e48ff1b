/** @module Bosun.DeleteUserPolicy (IAM's DeleteUserPolicy): removes one inline policy; what it allowed stops at once. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import type { IdentityStore } from "../identity-store.ts";
import { NoSuchEntity, targetAccount, userMembers, userResource } from "../target-account.ts";
import { PolicyNameShape } from "./get-user-policy.ts";

export function deleteUserPolicyAction(store: IdentityStore) {
  return defineAction({
    target: "Bosun",
    name: "DeleteUserPolicy",
    input: Type.Object({ ...userMembers(), PolicyName: PolicyNameShape() }),
    resources: userResource,
    async handle(ctx, input) {
      const accountId = await targetAccount(store, ctx, input.AccountId);
      if (!(await store.deleteUserPolicy(accountId, input.UserName, input.PolicyName)))
        throw new NoSuchEntity(`The user policy with name ${input.PolicyName} cannot be found.`);
      return {};
    },
  });
}
