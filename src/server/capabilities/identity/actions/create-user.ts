/** @module Bosun.CreateUser: an IAM user in the caller's account (or any account, for the operator). */
import { Type } from "@sinclair/typebox";
import { defineError as defineErrorFor } from "../../../../protocol/errors/service-error.ts";
import { defineAction } from "../../../core/api/action.ts";
import { userArn } from "../../../core/iam/principal.ts";
import { AwsString } from "../../../core/validation/aws-shapes.ts";
import type { IdentityStore } from "../identity-store.ts";
import { targetAccount, userMembers, userResource } from "../target-account.ts";
import { checkedPolicy } from "./put-user-policy.ts";

const AlreadyExists = defineErrorFor("AlreadyExistsException");

export function createUserAction(store: IdentityStore) {
  return defineAction({
    target: "Bosun",
    name: "CreateUser",
    input: Type.Object({
      ...userMembers(),
      /** An inline policy named `default`, attached at creation. */
      PolicyDocument: Type.Optional(AwsString({ min: 1, max: 6144 })),
    }),
    resources: userResource,
    async handle(ctx, input) {
      const accountId = await targetAccount(store, ctx, input.AccountId);
      const policy = input.PolicyDocument === undefined ? undefined : checkedPolicy(input.PolicyDocument);
      if (await store.userExists(accountId, input.UserName)) throw new AlreadyExists(`User ${input.UserName} already exists.`);
      await store.createUser(accountId, input.UserName, ctx.now);
      if (policy !== undefined) await store.putUserPolicy(accountId, input.UserName, "default", policy);
      return {
        User: { UserName: input.UserName, AccountId: accountId, Arn: userArn(accountId, input.UserName), CreateDate: ctx.now / 1000 },
      };
    },
  });
}
