/**
 * @module Organizations' CreateAccount: a real Bosun account with an `admin` user, complete at once (the operator's
 * administrator only).
 */
import { Type } from "@sinclair/typebox";
import { AccessDenied } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsEnum, AwsString } from "../../../core/validation/aws-shapes.ts";
import { statusJson } from "../create-account-status.ts";
import { asManagement, newCreateAccountRequestId, type OrganizationsDeps, refuseTags, TagsShape } from "../organization-shapes.ts";
import type { CreateAccountRow } from "../organizations-store.ts";

export function createOrganizationAccountAction(deps: OrganizationsDeps) {
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
