/** @module Bosun.ListUserPolicies (IAM's ListUserPolicies): the names of a user's inline policies. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import type { IdentityStore } from "../identity-store.ts";
import { NoSuchEntity, targetAccount, userMembers, userResource } from "../target-account.ts";

export function listUserPoliciesAction(store: IdentityStore) {
  return defineAction({
    target: "Bosun",
    name: "ListUserPolicies",
    input: Type.Object({ ...userMembers() }),
    resources: userResource,
    async handle(ctx, input) {
      const accountId = await targetAccount(store, ctx, input.AccountId);
      if (!(await store.getUser(accountId, input.UserName)))
        throw new NoSuchEntity(`The user with name ${input.UserName} cannot be found.`);
      return { PolicyNames: (await store.listUserPolicies(accountId, input.UserName)).map((p) => p.policy_name) };
    },
  });
}
