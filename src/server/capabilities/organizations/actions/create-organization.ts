/** @module Organizations' CreateOrganization: the caller's account becomes the management account, with a root. */
import { Type } from "@sinclair/typebox";
import { AlreadyInOrganization } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsEnum } from "../../../core/validation/aws-shapes.ts";
import { newOrganizationId, newRootId, type OrganizationsDeps, organizationJson, placeholderEmail } from "../organization-shapes.ts";

export function createOrganizationAction(deps: OrganizationsDeps) {
  return defineAction({
    target: "AWSOrganizationsV20161128",
    name: "CreateOrganization",
    input: Type.Object({ FeatureSet: Type.Optional(AwsEnum(["ALL", "CONSOLIDATED_BILLING"] as const)) }),
    resources: () => ["*"],
    async handle(ctx, input) {
      if (await deps.store.membership(ctx.accountId))
        throw new AlreadyInOrganization("This account is already a member of an organization.");
      const account = await deps.accounts.find(ctx.accountId);
      const organization = {
        organization_id: newOrganizationId(),
        management_account_id: ctx.accountId,
        feature_set: input.FeatureSet ?? "ALL",
        root_id: newRootId(),
        created_at: ctx.now,
      };
      const management = {
        account_id: ctx.accountId,
        organization_id: organization.organization_id,
        parent_id: organization.root_id,
        name: account?.name ?? ctx.accountId,
        email: placeholderEmail(ctx.accountId),
        joined_method: "CREATED" as const,
        joined_at: ctx.now,
      };
      await deps.store.transaction((tx) => tx.createOrganization(organization, management));
      return { Organization: organizationJson(organization, management) };
    },
  });
}
