/**
 * @module ListComplianceItems: the items resources reported, filtered by ComplianceType, Status, Severity, Id,
 * ExecutionId or ExecutionType, in resource, type and id order.
 */
import { Type } from "@sinclair/typebox";
import { InvalidResourceType } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { AwsInteger, AwsList, AwsString, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { type ComplianceDeps, ComplianceFiltersShape, complianceArn, filterTest, itemView, managedInstance } from "../compliance-shapes.ts";

const filterKeys = ["ComplianceType", "Status", "Severity", "Id", "ExecutionId", "ExecutionType"] as const;

export function listComplianceItemsAction(deps: ComplianceDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "ListComplianceItems",
    input: Type.Object({
      Filters: ComplianceFiltersShape(),
      ResourceIds: Type.Optional(AwsList(AwsString({ min: 1, max: 100 }), { min: 1 })),
      ResourceTypes: Type.Optional(AwsList(AwsString({ min: 1, max: 50 }), { min: 1 })),
      NextToken: Type.Optional(NextTokenShape()),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 50 })),
    }),
    resources: (ctx) => [complianceArn(ctx)],
    async handle(ctx, input) {
      const unknownType = input.ResourceTypes?.find((type) => type !== managedInstance);
      if (unknownType)
        throw new InvalidResourceType(`The resource type ${unknownType} is not supported; compliance is kept for ${managedInstance}.`);
      const matches = filterTest(input.Filters, filterKeys);
      const items = (await deps.store.items(ctx, input.ResourceIds, input.ResourceTypes)).map(itemView).filter((item) =>
        matches({
          ComplianceType: item.ComplianceType,
          Status: item.Status,
          Severity: item.Severity,
          Id: item.Id,
          ExecutionId: item.ExecutionSummary.ExecutionId,
          ExecutionType: item.ExecutionSummary.ExecutionType,
        }),
      );
      const { page, nextToken } = indexPage(deps.keyring, ctx, "ListComplianceItems", items, input.NextToken, input.MaxResults ?? 10);
      return { ComplianceItems: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
