/**
 * @module Accounts of an organization: CreateAccount (a real Bosun account with an `admin` user, complete at once),
 * DescribeCreateAccountStatus, ListAccounts, ListAccountsForParent and MoveAccount.
 */
import { Type } from "@sinclair/typebox";
import {
  AccessDenied,
  AccountNotFound,
  CreateAccountStatusNotFound,
  DestinationParentNotFound,
  DuplicateAccount,
  SourceParentNotFound,
} from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsEnum, AwsString } from "../../../core/validation/aws-shapes.ts";
import {
  AccountIdShape,
  accountJson,
  asManagement,
  asReader,
  newCreateAccountRequestId,
  type OrganizationsDeps,
  organizationsPage,
  ParentIdShape,
  pageMembers,
  parentExists,
  refuseTags,
  requireParent,
  TagsShape,
} from "../organization-shapes.ts";
import type { CreateAccountRow } from "../organizations-store.ts";

const statusJson = (row: CreateAccountRow) => ({
  Id: row.request_id,
  AccountName: row.account_name,
  State: row.state,
  RequestedTimestamp: row.requested_at / 1000,
  CompletedTimestamp: row.completed_at / 1000,
  AccountId: row.account_id,
});

export function createAccountAction(deps: OrganizationsDeps) {
  return defineAction({
    target: "AWSOrganizationsV20161128",
    name: "CreateAccount",
    input: Type.Object({
      Email: AwsString({ min: 6, max: 64, pattern: "[^\\s@]+@[^\\s@]+\\.[^\\s@]+", sensitive: true }),
      AccountName: AwsString({ min: 1, max: 50, pattern: "[\\u0020-\\u007E]+", sensitive: true }),
      // AWS makes this IAM role in the new account; Bosun makes an `admin` user instead (decision 010).
      RoleName: Type.Optional(AwsString({ max: 64, pattern: "[\\w+=,.@-]{1,64}" })),
      IamUserAccessToBilling: Type.Optional(AwsEnum(["ALLOW", "DENY"] as const)),
      Tags: Type.Optional(TagsShape()),
    }),
    resources: () => ["*"],
    async handle(ctx, input) {
      const organization = await asManagement(deps, ctx);
      // Accounts are Bosun's tenants: only the operator makes them (decision 015), so an account that made an
      // organization of its own cannot mint tenants without limit.
      if (!ctx.principal.operator)
        throw new AccessDenied(
          `User: ${ctx.principal.arn} is not authorized to perform: organizations:CreateAccount; only Bosun's operator creates accounts`,
        );
      refuseTags(input.Tags);
      const accountId = await deps.accounts.create(input.AccountName, ctx.now);
      const request: CreateAccountRow = {
        request_id: newCreateAccountRequestId(),
        organization_id: organization.organization_id,
        account_id: accountId,
        account_name: input.AccountName,
        state: "SUCCEEDED",
        requested_at: ctx.now,
        completed_at: ctx.now,
      };
      await deps.store.transaction((tx) =>
        tx.addMember(
          {
            account_id: accountId,
            organization_id: organization.organization_id,
            parent_id: organization.root_id,
            name: input.AccountName,
            email: input.Email,
            joined_method: "CREATED",
            joined_at: ctx.now,
          },
          request,
        ),
      );
      return { CreateAccountStatus: statusJson(request) };
    },
  });
}

export function describeCreateAccountStatusAction(deps: OrganizationsDeps) {
  return defineAction({
    target: "AWSOrganizationsV20161128",
    name: "DescribeCreateAccountStatus",
    input: Type.Object({ CreateAccountRequestId: AwsString({ max: 36, pattern: "^car-[a-z0-9]{8,32}$" }) }),
    resources: () => ["*"],
    async handle(ctx, input) {
      const organization = await asManagement(deps, ctx);
      const row = await deps.store.createAccountRequest(organization.organization_id, input.CreateAccountRequestId);
      if (!row) throw new CreateAccountStatusNotFound(`No account-creation request ${input.CreateAccountRequestId} in this organization.`);
      return { CreateAccountStatus: statusJson(row) };
    },
  });
}

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
