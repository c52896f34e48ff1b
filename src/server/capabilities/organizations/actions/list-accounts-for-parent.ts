/** @module Organizations' ListAccountsForParent: the accounts directly under a root or OU. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import {
  accountJson,
  asReader,
  type OrganizationsDeps,
  organizationsPage,
  ParentIdShape,
  pageMembers,
  requireParent,
} from "../organization-shapes.ts";

export function listAccountsForParentAction(deps: OrganizationsDeps) {
  return defineAction({
    target: "AWSOrganizationsV20161128",
    name: "ListAccountsForParent",
    input: Type.Object({ ParentId: ParentIdShape(), ...pageMembers() }),
    resources: () => ["*"],
    async handle(ctx, input) {
      const organization = await asReader(deps, ctx);
      await requireParent(deps, organization, input.ParentId);
      const members = await deps.store.members(organization.organization_id, input.ParentId);
      const { page, nextToken } = organizationsPage(deps, ctx, `ListAccountsForParent:${input.ParentId}`, members, input);
      return { Accounts: page.map((m) => accountJson(organization, m)), ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
