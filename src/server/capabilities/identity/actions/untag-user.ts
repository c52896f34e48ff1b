/** @module Bosun.UntagUser (IAM's UntagUser): removes tags from a user by key; a key it does not have is no error. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { AwsList } from "../../../core/validation/aws-shapes.ts";
import type { IdentityStore } from "../identity-store.ts";
import { accountOfUser, userMembers, userResource } from "../target-account.ts";
import { maxUserTags, UserTagKeyShape } from "../user-tag-shapes.ts";

export function untagUserAction(store: IdentityStore) {
  return defineAction({
    target: "Bosun",
    name: "UntagUser",
    input: Type.Object({ ...userMembers(), TagKeys: AwsList(UserTagKeyShape(), { min: 0, max: maxUserTags }) }),
    resources: userResource,
    async handle(ctx, input) {
      const accountId = await accountOfUser(store, ctx, input);
      await store.untagUser(accountId, input.UserName, input.TagKeys);
      return {};
    },
  });
}
