/** @module Bosun.CreateAccount: the operator adds an account, with an `admin` user holding every permission. */
import { Type } from "@sinclair/typebox";
import { AccessDenied } from "../../../../protocol/errors/errors.ts";
import { defineError as defineErrorFor } from "../../../../protocol/errors/service-error.ts";
import { defineAction } from "../../../core/api/action.ts";
import { administratorPolicy } from "../../../core/iam/policy-document.ts";
import { AwsString } from "../../../core/validation/aws-shapes.ts";
import { type IdentityStore, newAccountId } from "../identity-store.ts";
import { AccountIdPattern } from "../target-account.ts";

const AlreadyExists = defineErrorFor("AlreadyExistsException");

export function createAccountAction(store: IdentityStore) {
  return defineAction({
    target: "Bosun",
    name: "CreateAccount",
    input: Type.Object({
      AccountName: AwsString({ min: 1, max: 50, pattern: "^[\\w+=,.@ -]+$" }),
      AccountId: Type.Optional(AwsString({ pattern: AccountIdPattern })),
    }),
    resources: (ctx) => [`arn:aws:bosun::${ctx.accountId}:account/*`],
    async handle(ctx, input) {
      if (!ctx.principal.operator) throw new AccessDenied(`User: ${ctx.principal.arn} is not the operator and cannot create accounts`);
      const accountId = input.AccountId ?? newAccountId();
      if (await store.findAccount(accountId)) throw new AlreadyExists(`Account ${accountId} already exists.`);
      await store.createAccount(accountId, input.AccountName, false, ctx.now);
      await store.createUser(accountId, "admin", ctx.now);
      await store.putUserPolicy(accountId, "admin", "AdministratorAccess", JSON.stringify(administratorPolicy));
      return { Account: { AccountId: accountId, AccountName: input.AccountName, CreatedDate: ctx.now / 1000 } };
    },
  });
}
