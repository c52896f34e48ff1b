/** @module Bosun.DeleteLoginProfile (IAM's DeleteLoginProfile): the user can no longer sign in to the console. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import type { IdentityStore } from "../identity-store.ts";
import { NoSuchEntity, targetAccount, userMembers, userResource } from "../target-account.ts";

export function deleteLoginProfileAction(store: IdentityStore) {
  return defineAction({
    target: "Bosun",
    name: "DeleteLoginProfile",
    input: Type.Object({ ...userMembers() }),
    resources: userResource,
    async handle(ctx, input) {
      const accountId = await targetAccount(store, ctx, input.AccountId);
      if (!(await store.deleteLoginProfile(accountId, input.UserName)))
        throw new NoSuchEntity(`Login Profile for User ${input.UserName} cannot be found.`);
      return {};
    },
  });
}
