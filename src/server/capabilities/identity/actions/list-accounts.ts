/** @module Bosun.ListAccounts: the operator sees every account; anyone else sees their own. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import type { IdentityStore } from "../identity-store.ts";

export function listAccountsAction(store: IdentityStore) {
  return defineAction({
    target: "Bosun",
    name: "ListAccounts",
    input: Type.Object({}),
    resources: (ctx) => [`arn:aws:bosun::${ctx.accountId}:account/*`],
    async handle(ctx) {
      const accounts = (await store.listAccounts()).filter((a) => ctx.principal.operator || a.accountId === ctx.accountId);
      return {
        Accounts: accounts.map((a) => ({
          AccountId: a.accountId,
          AccountName: a.name,
          Operator: a.operator,
          CreatedDate: a.createdAt / 1000,
        })),
      };
    },
  });
}
