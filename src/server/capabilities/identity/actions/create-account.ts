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

/** A new account with an `admin` user holding every permission (its keys are made separately). */
export async function provisionAccount(store: IdentityStore, accountId: string, name: string, now: number): Promise<void> {
  await store.createAccount(accountId, name, false, now);
  await store.createUser(accountId, "admin", now);
  await store.putUserPolicy(accountId, "admin", "AdministratorAccess", JSON.stringify(administratorPolicy));
}

export function createBosunAccountAction(store: IdentityStore) {
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
      await provisionAccount(store, accountId, input.AccountName, ctx.now);
      return { Account: { AccountId: accountId, AccountName: input.AccountName, CreatedDate: ctx.now / 1000 } };
    },
  });
}
