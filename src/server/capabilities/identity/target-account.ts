/** @module Resolves which account an identity action acts on; only the operator may reach another account. */
import { Type } from "@sinclair/typebox";
import { AccessDenied, ValidationException } from "../../../protocol/errors/errors.ts";
import { defineError } from "../../../protocol/errors/service-error.ts";
import type { ActionContext } from "../../core/api/action.ts";
import { userArn } from "../../core/iam/principal.ts";
import { AwsString } from "../../core/validation/aws-shapes.ts";
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

/** The members of every action aimed at one user: the user, and its account when not the caller's. */
export const userMembers = () => ({
  UserName: AwsString({ min: 1, max: 64, pattern: UserNamePattern }),
  AccountId: Type.Optional(AwsString({ pattern: AccountIdPattern })),
});

/** The user's ARN, the resource such an action is authorized against. */
export const userResource = (ctx: ActionContext, input: { UserName: string; AccountId?: string | undefined }): string[] => [
  userArn(input.AccountId ?? ctx.accountId, input.UserName),
];

/** IAM's NoSuchEntity, in the JSON API's words. */
export const NoSuchEntity = defineError("DoesNotExistException");

/** The account of an action on an existing user; NoSuchEntity when the user is not there. */
export async function accountOfUser(
  store: IdentityStore,
  ctx: ActionContext,
  input: { UserName: string; AccountId?: string | undefined },
): Promise<string> {
  const accountId = await targetAccount(store, ctx, input.AccountId);
  if (!(await store.getUser(accountId, input.UserName))) throw new NoSuchEntity(`The user with name ${input.UserName} cannot be found.`);
  return accountId;
}
