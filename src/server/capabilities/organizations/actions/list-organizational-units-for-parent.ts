/** @module Organizations' ListOrganizationalUnitsForParent: the OUs directly under a root or OU. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import {
  asReader,
  type OrganizationsDeps,
  organizationsPage,
  ParentIdShape,
  pageMembers,
  requireParent,
  unitJson,
} from "../organization-shapes.ts";

export function listOrganizationalUnitsForParentAction(deps: OrganizationsDeps) {
  return defineAction({
    target: "AWSOrganizationsV20161128",
    name: "ListOrganizationalUnitsForParent",
    input: Type.Object({ ParentId: ParentIdShape(), ...pageMembers() }),
    resources: () => ["*"],
    async handle(ctx, input) {
      const organization = await asReader(deps, ctx);
      await requireParent(deps, organization, input.ParentId);
      const units = await deps.store.units(organization.organization_id, input.ParentId);
      const { page, nextToken } = organizationsPage(deps, ctx, `ListOrganizationalUnitsForParent:${input.ParentId}`, units, input);
      return { OrganizationalUnits: page.map((u) => unitJson(organization, u)), ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
