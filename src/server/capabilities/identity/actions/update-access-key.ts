/**
 * @module Bosun.UpdateAccessKey (IAM's UpdateAccessKey): makes a key Inactive (it signs nothing, until made Active
 * again) — the safe first step of a rotation. Takes effect here at once, on other replicas within the key cache's
 * 5 seconds.
 */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { AwsEnum, AwsString } from "../../../core/validation/aws-shapes.ts";
import type { IdentityStore } from "../identity-store.ts";
import { NoSuchEntity, targetAccount, userMembers, userResource } from "../target-account.ts";

export function updateAccessKeyAction(store: IdentityStore) {
  return defineAction({
    target: "Bosun",
    name: "UpdateAccessKey",
    input: Type.Object({
      ...userMembers(),
      AccessKeyId: AwsString({ min: 16, max: 128, pattern: "^[\\w]+$" }),
      Status: AwsEnum(["Active", "Inactive"] as const),
    }),
    resources: userResource,
    async handle(ctx, input) {
      const accountId = await targetAccount(store, ctx, input.AccountId);
      if (!(await store.setAccessKeyStatus(accountId, input.UserName, input.AccessKeyId, input.Status)))
        throw new NoSuchEntity(`The Access Key with id ${input.AccessKeyId} cannot be found.`);
      return {};
    },
  });
}
