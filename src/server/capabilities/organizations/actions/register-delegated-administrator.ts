/**
 * @module Organizations' RegisterDelegatedAdministrator: a member account administers a service (ssm.amazonaws.com)
 * for the organization.
 */
import { Type } from "@sinclair/typebox";
import { AccountAlreadyRegistered, AccountNotFound, ConstraintViolation } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AccountIdShape, asManagement, type OrganizationsDeps, ServicePrincipalShape } from "../organization-shapes.ts";

export function registerDelegatedAdministratorAction(deps: OrganizationsDeps) {
  return defineAction({
    target: "AWSOrganizationsV20161128",
    name: "RegisterDelegatedAdministrator",
    input: Type.Object({ AccountId: AccountIdShape(), ServicePrincipal: ServicePrincipalShape() }),
    resources: () => ["*"],
    async handle(ctx, input) {
      const organization = await asManagement(deps, ctx);
      if (input.AccountId === organization.management_account_id)
        throw new ConstraintViolation("The management account cannot be its own delegated administrator.").with({
          Reason: "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR",
        });
      if (!(await deps.store.member(organization.organization_id, input.AccountId)))
        throw new AccountNotFound(`Account ${input.AccountId} is not a member of this organization.`);
      const existing = await deps.store.delegatedAdmins(organization.organization_id, input.ServicePrincipal);
      if (existing.some((d) => d.account_id === input.AccountId))
        throw new AccountAlreadyRegistered(
          `Account ${input.AccountId} is already a delegated administrator for ${input.ServicePrincipal}.`,
        );
      await deps.store.addDelegatedAdmin({
        organization_id: organization.organization_id,
        account_id: input.AccountId,
        service_principal: input.ServicePrincipal,
        registered_at: ctx.now,
      });
      return {};
    },
  });
}
