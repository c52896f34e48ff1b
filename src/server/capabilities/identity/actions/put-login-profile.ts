/**
 * @module Bosun.PutLoginProfile: sets (or replaces) a user's console password, as IAM's Create/UpdateLoginProfile do.
 * Only a salted scrypt hash is stored; the password never reaches a log or an error.
 */
import { Type } from "@sinclair/typebox";
import { ValidationException } from "../../../../protocol/errors/errors.ts";
import { defineError } from "../../../../protocol/errors/service-error.ts";
import { defineAction } from "../../../core/api/action.ts";
import { hashPassword } from "../../../core/crypto/password.ts";
import { AwsString } from "../../../core/validation/aws-shapes.ts";
import type { IdentityStore } from "../identity-store.ts";
import { targetAccount, userMembers, userResource } from "../target-account.ts";

const NoSuchEntity = defineError("DoesNotExistException");

/** IAM's default password policy: at least 8 characters (and at most 128). */
export const minPasswordLength = 8;

export function putLoginProfileAction(store: IdentityStore) {
  return defineAction({
    target: "Bosun",
    name: "PutLoginProfile",
    input: Type.Object({ ...userMembers(), Password: AwsString({ min: 1, max: 128 }) }),
    resources: userResource,
    async handle(ctx, input) {
      const accountId = await targetAccount(store, ctx, input.AccountId);
      if (input.Password.length < minPasswordLength)
        throw new ValidationException(`The password must be at least ${minPasswordLength} characters long.`);
      if (!(await store.userExists(accountId, input.UserName))) throw new NoSuchEntity(`User ${input.UserName} does not exist.`);
      await store.putLoginProfile(accountId, input.UserName, await hashPassword(input.Password), ctx.now);
      return { LoginProfile: { UserName: input.UserName, AccountId: accountId, CreateDate: ctx.now / 1000 } };
    },
  });
}
