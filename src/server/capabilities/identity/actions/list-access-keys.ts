/** @module Bosun.ListAccessKeys (IAM's ListAccessKeys): a user's long-term keys and their status, never their secrets. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import type { IdentityStore } from "../identity-store.ts";
import { NoSuchEntity, targetAccount, userMembers, userResource } from "../target-account.ts";

export function listAccessKeysAction(store: IdentityStore) {
  return defineAction({
    target: "Bosun",
    name: "ListAccessKeys",
    input: Type.Object({ ...userMembers() }),
    resources: userResource,
    async handle(ctx, input) {
      const accountId = await targetAccount(store, ctx, input.AccountId);
      if (!(await store.getUser(accountId, input.UserName)))
        throw new NoSuchEntity(`The user with name ${input.UserName} cannot be found.`);
      const keys = await store.listAccessKeys(accountId, input.UserName);
      return {
        AccessKeyMetadata: keys.map((k) => ({
          UserName: input.UserName,
          AccessKeyId: k.access_key_id,
          Status: k.status,
          CreateDate: k.created_at / 1000,
        })),
      };
    },
  });
}
