/** @module Organizations' ListAccounts: every account of the caller's organization, paged. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { accountJson, asReader, type OrganizationsDeps, organizationsPage, pageMembers } from "../organization-shapes.ts";

export function listAccountsAction(deps: OrganizationsDeps) {
  return defineAction({
    target: "AWSOrganizationsV20161128",
    name: "ListAccounts",
    input: Type.Object(pageMembers()),
    resources: () => ["*"],
    async handle(ctx, input) {
      const organization = await asReader(deps, ctx);
      const members = await deps.store.members(organization.organization_id);
      const { page, nextToken } = organizationsPage(deps, ctx, "ListAccounts", members, input);
      return { Accounts: page.map((m) => accountJson(organization, m)), ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
