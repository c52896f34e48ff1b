/**
 * @module Bosun.TagUser (IAM's TagUser): adds or replaces tags on a user, at most 50 in all. Session Manager runs a
 * user's sessions as the OS user its `SSMSessionRunAs` tag names, when run-as is on.
 */
import { Type } from "@sinclair/typebox";
import { defineError } from "../../../../protocol/errors/service-error.ts";
import { defineAction } from "../../../core/api/action.ts";
import type { IdentityStore } from "../identity-store.ts";
import { accountOfUser, userMembers, userResource } from "../target-account.ts";
import { maxUserTags, UserTagsShape } from "../user-tag-shapes.ts";

const LimitExceeded = defineError("ResourceLimitExceededException");

export function tagUserAction(store: IdentityStore) {
  return defineAction({
    target: "Bosun",
    name: "TagUser",
    input: Type.Object({ ...userMembers(), Tags: UserTagsShape() }),
    resources: userResource,
    async handle(ctx, input) {
      const accountId = await accountOfUser(store, ctx, input);
      if (!(await store.tagUser(accountId, input.UserName, input.Tags, maxUserTags)))
        throw new LimitExceeded(`The user ${input.UserName} would have more than ${maxUserTags} tags.`);
      return {};
    },
  });
}
