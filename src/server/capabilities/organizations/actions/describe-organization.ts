/** @module Organizations' DescribeOrganization: the organization the caller's account belongs to. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { callerOrganization, type OrganizationsDeps, organizationJson } from "../organization-shapes.ts";

export function describeOrganizationAction(deps: OrganizationsDeps) {
  return defineAction({
    target: "AWSOrganizationsV20161128",
    name: "DescribeOrganization",
    input: Type.Object({}),
    resources: () => ["*"],
    async handle(ctx) {
      const { organization } = await callerOrganization(deps, ctx);
      const management = await deps.store.member(organization.organization_id, organization.management_account_id);
      return { Organization: organizationJson(organization, management) };
    },
  });
}
