/** @module Organizations' ListDelegatedAdministrators, optionally for one service principal. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import {
  accountArn,
  asReader,
  type OrganizationsDeps,
  organizationsPage,
  pageMembers,
  ServicePrincipalShape,
} from "../organization-shapes.ts";

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
