/** @module Resolves which account an identity action acts on; only the operator may reach another account. */
import { AccessDenied, ValidationException } from "../../../protocol/errors/errors.ts";
import type { ActionContext } from "../../core/api/action.ts";
import type { IdentityStore } from "./identity-store.ts";

export async function targetAccount(store: IdentityStore, ctx: ActionContext, requested: string | undefined): Promise<string> {
  const accountId = requested ?? ctx.accountId;
  if (accountId !== ctx.accountId && !ctx.principal.operator) {
    throw new AccessDenied(`User: ${ctx.principal.arn} is not authorized to act on account ${accountId}`);
  }
  if (!(await store.findAccount(accountId))) throw new ValidationException(`Account ${accountId} does not exist.`);
  return accountId;
}

export const AccountIdPattern = "^\\d{12}$";
export const UserNamePattern = "^[\\w+=,.@-]+$";
