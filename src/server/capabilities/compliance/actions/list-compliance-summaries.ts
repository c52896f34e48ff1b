/**
 * @module ListComplianceSummaries: per compliance type, how many resources are compliant and how many are not, each
 * counted by severity (a non-compliant resource by its most severe non-compliant item, a compliant one by its most
 * severe item); filtered by ComplianceType.
 */
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import {
  type ComplianceDeps,
  complianceArn,
  filterTest,
  resourceSummaries,
  SummaryListingInput,
  severitySummary,
} from "../compliance-shapes.ts";

export function listComplianceSummariesAction(deps: ComplianceDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "ListComplianceSummaries",
    input: SummaryListingInput(),
    resources: (ctx) => [complianceArn(ctx)],
    async handle(ctx, input) {
      const matches = filterTest(input.Filters, ["ComplianceType"]);
      const byType = new Map<string, { compliant: string[]; nonCompliant: string[] }>();
      for (const summary of await resourceSummaries(deps, ctx)) {
        if (!matches({ ComplianceType: summary.ComplianceType })) continue;
        const counts = byType.get(summary.ComplianceType) ?? { compliant: [], nonCompliant: [] };
        (summary.Status === "COMPLIANT" ? counts.compliant : counts.nonCompliant).push(summary.OverallSeverity);
        byType.set(summary.ComplianceType, counts);
      }
      const items = [...byType].map(([type, counts]) => ({
        ComplianceType: type,
        CompliantSummary: { CompliantCount: counts.compliant.length, SeveritySummary: severitySummary(counts.compliant) },
        NonCompliantSummary: { NonCompliantCount: counts.nonCompliant.length, SeveritySummary: severitySummary(counts.nonCompliant) },
      }));
      const { page, nextToken } = indexPage(deps.keyring, ctx, "ListComplianceSummaries", items, input.NextToken, input.MaxResults ?? 10);
      return { ComplianceSummaryItems: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
