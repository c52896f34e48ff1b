/**
 * @module Bosun.DeleteUser (IAM's DeleteUser): removes a user that holds nothing any more. As IAM, a user with access
 * keys, inline policies or a console password is refused (ResourceInUseException; IAM's DeleteConflict): delete those
 * first. Its keys stop working at once here, and on other replicas when their key cache expires (5 seconds).
 */
import { Type } from "@sinclair/typebox";
import { defineError as defineErrorFor } from "../../../../protocol/errors/service-error.ts";
import { defineAction } from "../../../core/api/action.ts";
import type { IdentityStore } from "../identity-store.ts";
import { NoSuchEntity, targetAccount, userMembers, userResource } from "../target-account.ts";

const InUse = defineErrorFor("ResourceInUseException");

export function deleteUserAction(store: IdentityStore) {
  return defineAction({
    target: "Bosun",
    name: "DeleteUser",
    input: Type.Object({ ...userMembers() }),
    resources: userResource,
    async handle(ctx, input) {
      const accountId = await targetAccount(store, ctx, input.AccountId);
      if (!(await store.getUser(accountId, input.UserName)))
        throw new NoSuchEntity(`The user with name ${input.UserName} cannot be found.`);
      if (accountId === ctx.accountId && input.UserName === ctx.principal.userName)
        throw new InUse("A user cannot delete itself: another user of the account deletes it.");
      const held = await store.userAttachments(accountId, input.UserName);
      const what = [
        held.keys > 0 ? "access keys" : "",
        held.policies > 0 ? "inline policies" : "",
        held.loginProfile ? "a login profile" : "",
      ].filter(Boolean);
      if (what.length > 0) throw new InUse(`Cannot delete entity, must delete ${what.join(", ")} first.`);
      await store.deleteUser(accountId, input.UserName);
      return {};
    },
  });
}
