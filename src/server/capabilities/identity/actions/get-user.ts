/** @module Bosun.GetUser (IAM's GetUser): one user of the account, with its ARN and when it was made. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { userArn } from "../../../core/iam/principal.ts";
import type { IdentityStore } from "../identity-store.ts";
import { NoSuchEntity, targetAccount, userMembers, userResource } from "../target-account.ts";

export function getUserAction(store: IdentityStore) {
  return defineAction({
    target: "Bosun",
    name: "GetUser",
    input: Type.Object({ ...userMembers() }),
    resources: userResource,
    async handle(ctx, input) {
      const accountId = await targetAccount(store, ctx, input.AccountId);
      const user = await store.getUser(accountId, input.UserName);
      if (!user) throw new NoSuchEntity(`The user with name ${input.UserName} cannot be found.`);
      return {
        User: {
          UserName: user.user_name,
          AccountId: accountId,
          Arn: userArn(accountId, user.user_name),
          CreateDate: user.created_at / 1000,
        },
      };
    },
  });
}
