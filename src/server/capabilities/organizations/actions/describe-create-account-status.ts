/** @module Organizations' DescribeCreateAccountStatus: the record CreateAccount left. */
import { Type } from "@sinclair/typebox";
import { CreateAccountStatusNotFound } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsString } from "../../../core/validation/aws-shapes.ts";
import { statusJson } from "../create-account-status.ts";
import { asManagement, type OrganizationsDeps } from "../organization-shapes.ts";

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
