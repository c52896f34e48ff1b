/** @module RegisterDelegatedAdministrator and ListDelegatedAdministrators: a member account that administers a service (`ssm.amazonaws.com`). */
import { Type } from "@sinclair/typebox";
import { AccountAlreadyRegistered, AccountNotFound, ConstraintViolation } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import {
  AccountIdShape,
  accountArn,
  asManagement,
  asReader,
  type OrganizationsDeps,
  organizationsPage,
  pageMembers,
  ServicePrincipalShape,
} from "../organization-shapes.ts";

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

export function listDelegatedAdministratorsAction(deps: OrganizationsDeps) {
  return defineAction({
    target: "AWSOrganizationsV20161128",
    name: "ListDelegatedAdministrators",
    input: Type.Object({ ServicePrincipal: Type.Optional(ServicePrincipalShape()), ...pageMembers() }),
    resources: () => ["*"],
    async handle(ctx, input) {
      const organization = await asReader(deps, ctx);
      const rows = await deps.store.delegatedAdmins(organization.organization_id, input.ServicePrincipal);
      // One entry per account, however many services it administers; its date is its first registration.
      const byAccount = new Map<string, number>();
      for (const row of rows)
        byAccount.set(row.account_id, Math.min(byAccount.get(row.account_id) ?? row.registered_at, row.registered_at));
      const entries = [];
      for (const [accountId, since] of byAccount) {
        const member = await deps.store.member(organization.organization_id, accountId);
        if (member)
          entries.push({
            Id: accountId,
            Arn: accountArn(organization, accountId),
            Email: member.email,
            Name: member.name,
            Status: "ACTIVE",
            State: "ACTIVE",
            JoinedMethod: member.joined_method,
            JoinedTimestamp: member.joined_at / 1000,
            DelegationEnabledDate: since / 1000,
          });
      }
      const key = `ListDelegatedAdministrators:${input.ServicePrincipal ?? ""}`;
      const { page, nextToken } = organizationsPage(deps, ctx, key, entries, input);
      return { DelegatedAdministrators: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
