/** @module Bosun.ListUsers (IAM's ListUsers): the account's users in name order. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { userArn } from "../../../core/iam/principal.ts";
import { AwsString } from "../../../core/validation/aws-shapes.ts";
import type { IdentityStore } from "../identity-store.ts";
import { AccountIdPattern, targetAccount } from "../target-account.ts";

export function listUsersAction(store: IdentityStore) {
  return defineAction({
    target: "Bosun",
    name: "ListUsers",
    input: Type.Object({ AccountId: Type.Optional(AwsString({ pattern: AccountIdPattern })) }),
    resources: (ctx, input) => [userArn(input.AccountId ?? ctx.accountId, "*")],
    async handle(ctx, input) {
      const accountId = await targetAccount(store, ctx, input.AccountId);
      const users = await store.listUsers(accountId);
      return {
        Users: users.map((u) => ({
          UserName: u.user_name,
          AccountId: accountId,
          Arn: userArn(accountId, u.user_name),
          CreateDate: u.created_at / 1000,
        })),
      };
    },
  });
}
