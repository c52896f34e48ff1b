/** @module Organizations' ListRoots: the organization's one root. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { asReader, type OrganizationsDeps, organizationsPage, pageMembers, rootJson } from "../organization-shapes.ts";

export function listRootsAction(deps: OrganizationsDeps) {
  return defineAction({
    target: "AWSOrganizationsV20161128",
    name: "ListRoots",
    input: Type.Object(pageMembers()),
    resources: () => ["*"],
    async handle(ctx, input) {
      const organization = await asReader(deps, ctx);
      const { page, nextToken } = organizationsPage(deps, ctx, "ListRoots", [organization], input);
      return { Roots: page.map(rootJson), ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
