/** @module Bosun.DeleteAccessKey: revoke a user's key at once. */
import { Type } from "@sinclair/typebox";
import { defineError as defineErrorFor } from "../../../../protocol/errors/service-error.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsString } from "../../../core/validation/aws-shapes.ts";
import type { IdentityStore } from "../identity-store.ts";
import { targetAccount, userMembers, userResource } from "../target-account.ts";

const NoSuchEntity = defineErrorFor("DoesNotExistException");

export function deleteAccessKeyAction(store: IdentityStore) {
  return defineAction({
    target: "Bosun",
    name: "DeleteAccessKey",
    input: Type.Object({
      ...userMembers(),
      AccessKeyId: AwsString({ min: 16, max: 128, pattern: "^[\\w]+$" }),
    }),
    resources: userResource,
    async handle(ctx, input) {
      const accountId = await targetAccount(store, ctx, input.AccountId);
      if (!(await store.deleteAccessKey(accountId, input.UserName, input.AccessKeyId))) {
        throw new NoSuchEntity(`The access key ${input.AccessKeyId} does not exist for user ${input.UserName}.`);
      }
      return {};
    },
  });
}
