/**
 * @module Bosun.ListVulnerabilities: the advisories found in the fleet, worst first, with how many nodes and entries
 * each affects — in the caller's account or, with AllAccounts, every account of its organization.
 */
import { defineAction } from "../../../core/api/action.ts";
import { encodeNextToken } from "../../../core/api/next-token.ts";
import { ListingInputShape, listingResources, startListing } from "../finding-filters.ts";
import type { VulnerabilityDeps } from "../vulnerability-shapes.ts";

const severityOrder = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNSPECIFIED"];

export function listVulnerabilitiesAction(deps: VulnerabilityDeps) {
  return defineAction({
    target: "Bosun",
    name: "ListVulnerabilities",
    input: ListingInputShape(),
    // The nodes named, else every node of the account: findings are what the nodes run.
    resources: listingResources,
    async handle(ctx, input) {
      const { accounts, filter, all, start } = await startListing<{ index: number; all: boolean }>(deps, ctx, input, "ListVulnerabilities");
      const totals = new Map<string, { severity: string; nodes: number; entries: number; accounts: number }>();
      if (filter.advisoryIds?.length !== 0)
        for (const accountId of accounts)
          for (const s of await deps.store.summaries({ accountId, region: ctx.region }, filter)) {
            const total = totals.get(s.advisory_id) ?? { severity: s.severity, nodes: 0, entries: 0, accounts: 0 };
            totals.set(s.advisory_id, {
              ...total,
              nodes: total.nodes + s.nodes,
              entries: total.entries + s.entries,
              accounts: total.accounts + 1,
            });
          }
      const ranked = [...totals].sort(
        ([a, x], [b, y]) => severityOrder.indexOf(x.severity) - severityOrder.indexOf(y.severity) || y.nodes - x.nodes || (a < b ? -1 : 1),
      );
      const from = start?.index ?? 0;
      const limit = input.MaxResults ?? 100;
      const page = ranked.slice(from, from + limit);
      const advisories = await deps.store.advisories(page.map(([id]) => id));
      return {
        Vulnerabilities: page.map(([id, total]) => {
          const advisory = advisories.get(id);
          return {
            VulnerabilityId: id,
            Aliases: advisory ? (JSON.parse(advisory.aliases) as string[]) : [],
            Summary: advisory?.summary ?? "",
            Severity: total.severity,
            ...(advisory?.score != null ? { CvssScore: Number(advisory.score) } : {}),
            AffectedNodes: total.nodes,
            AffectedEntries: total.entries,
            ...(all ? { AffectedAccounts: total.accounts } : {}),
          };
        }),
        ...(from + limit < ranked.length
          ? { NextToken: encodeNextToken(deps.keyring, ctx, "ListVulnerabilities", { index: from + limit, all }) }
          : {}),
      };
    },
  });
}
