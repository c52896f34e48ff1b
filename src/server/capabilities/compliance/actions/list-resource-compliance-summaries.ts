/**
 * @module ListResourceComplianceSummaries: per resource and compliance type, whether every item is compliant, the most
 * severe non-compliant item, and the items counted by status and severity; filtered by ComplianceType, Status,
 * OverallSeverity, ResourceId or ResourceType.
 */
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { type ComplianceDeps, complianceArn, filterTest, resourceSummaries, SummaryListingInput } from "../compliance-shapes.ts";

const filterKeys = ["ComplianceType", "Status", "OverallSeverity", "ResourceId", "ResourceType"] as const;

export function listResourceComplianceSummariesAction(deps: ComplianceDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "ListResourceComplianceSummaries",
    input: SummaryListingInput(),
    resources: (ctx) => [complianceArn(ctx)],
    async handle(ctx, input) {
      const matches = filterTest(input.Filters, filterKeys);
      const summaries = (await resourceSummaries(deps, ctx)).filter((s) =>
        matches({
          ComplianceType: s.ComplianceType,
          Status: s.Status,
          OverallSeverity: s.OverallSeverity,
          ResourceId: s.ResourceId,
          ResourceType: s.ResourceType,
        }),
      );
      const { page, nextToken } = indexPage(
        deps.keyring,
        ctx,
        "ListResourceComplianceSummaries",
        summaries,
        input.NextToken,
        input.MaxResults ?? 10,
      );
      return { ResourceComplianceSummaryItems: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
