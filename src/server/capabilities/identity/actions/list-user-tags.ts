/** @module Bosun.ListUserTags (IAM's ListUserTags): a user's tags, in key order. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import type { IdentityStore } from "../identity-store.ts";
import { accountOfUser, userMembers, userResource } from "../target-account.ts";

export function listUserTagsAction(store: IdentityStore) {
  return defineAction({
    target: "Bosun",
    name: "ListUserTags",
    input: Type.Object({ ...userMembers() }),
    resources: userResource,
    async handle(ctx, input) {
      const accountId = await accountOfUser(store, ctx, input);
      return { Tags: await store.listUserTags(accountId, input.UserName) };
    },
  });
}
