/** @module Bosun.CreateAccessKey: a long-term key for a user; the secret is returned once and stored sealed. */
import { Type } from "@sinclair/typebox";
import { defineError as defineErrorFor } from "../../../../protocol/errors/service-error.ts";
import { defineAction } from "../../../core/api/action.ts";
import { type IdentityStore, newAccessKeyId, newSecretAccessKey } from "../identity-store.ts";
import { targetAccount, userMembers, userResource } from "../target-account.ts";

const NoSuchEntity = defineErrorFor("DoesNotExistException");
const LimitExceeded = defineErrorFor("ResourceLimitExceededException");
/** As IAM: two long-term keys per user, so a key can be rotated without downtime. */
export const maxKeysPerUser = 2;

export function createAccessKeyAction(store: IdentityStore) {
  return defineAction({
    target: "Bosun",
    name: "CreateAccessKey",
    input: Type.Object({
      ...userMembers(),
    }),
    resources: userResource,
    async handle(ctx, input) {
      const accountId = await targetAccount(store, ctx, input.AccountId);
      if (!(await store.userExists(accountId, input.UserName))) throw new NoSuchEntity(`User ${input.UserName} does not exist.`);
      if ((await store.countAccessKeys(accountId, input.UserName)) >= maxKeysPerUser) {
        throw new LimitExceeded(`User ${input.UserName} already has ${maxKeysPerUser} access keys; delete one first.`);
      }
      const accessKeyId = newAccessKeyId(false);
      const secretAccessKey = newSecretAccessKey();
      await store.putAccessKey({ accessKeyId, secretAccessKey, accountId, userName: input.UserName, now: ctx.now });
      return {
        AccessKey: {
          AccessKeyId: accessKeyId,
          SecretAccessKey: secretAccessKey,
          UserName: input.UserName,
          AccountId: accountId,
          Status: "Active",
          CreateDate: ctx.now / 1000,
        },
      };
    },
  });
}
