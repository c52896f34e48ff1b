/** @module Organizations' MoveAccount: an account from one parent to another. */
import { Type } from "@sinclair/typebox";
import { AccountNotFound, DestinationParentNotFound, DuplicateAccount, SourceParentNotFound } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AccountIdShape, asManagement, type OrganizationsDeps, ParentIdShape, parentExists } from "../organization-shapes.ts";

export function moveAccountAction(deps: OrganizationsDeps) {
  return defineAction({
    target: "AWSOrganizationsV20161128",
    name: "MoveAccount",
    input: Type.Object({ AccountId: AccountIdShape(), SourceParentId: ParentIdShape(), DestinationParentId: ParentIdShape() }),
    resources: () => ["*"],
    async handle(ctx, input) {
      const organization = await asManagement(deps, ctx);
      const member = await deps.store.member(organization.organization_id, input.AccountId);
      if (!member) throw new AccountNotFound(`Account ${input.AccountId} is not a member of this organization.`);
      if (!(await parentExists(deps, organization, input.SourceParentId)))
        throw new SourceParentNotFound(`No root or OU ${input.SourceParentId} in this organization.`);
      if (!(await parentExists(deps, organization, input.DestinationParentId)))
        throw new DestinationParentNotFound(`No root or OU ${input.DestinationParentId} in this organization.`);
      if (member.parent_id === input.DestinationParentId)
        throw new DuplicateAccount(`Account ${input.AccountId} is already in ${input.DestinationParentId}.`);
      if (member.parent_id !== input.SourceParentId)
        throw new AccountNotFound(`Account ${input.AccountId} is not in ${input.SourceParentId}.`);
      await deps.store.moveMember(organization.organization_id, input.AccountId, input.DestinationParentId);
      return {};
    },
  });
}
