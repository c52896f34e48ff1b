/** @module DescribePatchGroups: every patch group and the baseline it names, filtered by NAME_PREFIX and OPERATING_SYSTEM. */
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { defaultBaselineId, OrchestratorListingInput, orchestratorFilterTest, visibleBaselines } from "../baseline-listing.ts";
import type { OperatingSystem } from "../patch-shapes.ts";
import { type PatchDeps, patchListingArn } from "../patch-shapes.ts";
import { baselineIdentity } from "../resolve-baseline.ts";

export function describePatchGroupsAction(deps: PatchDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribePatchGroups",
    input: OrchestratorListingInput(),
    resources: (ctx) => [patchListingArn(ctx)],
    async handle(ctx, input) {
      const matches = orchestratorFilterTest(input.Filters, ["NAME_PREFIX", "OPERATING_SYSTEM"]);
      const groups = (await deps.store.groups(ctx)).filter((group) =>
        matches({ NAME_PREFIX: group.patch_group, OPERATING_SYSTEM: group.operating_system }),
      );
      const baselines = new Map((await visibleBaselines(deps.store, ctx)).map((baseline) => [baseline.id, baseline]));
      const mappings = [];
      for (const group of groups) {
        const baseline = baselines.get(group.baseline_id);
        if (!baseline) continue;
        const isDefault = (await defaultBaselineId(deps.store, ctx, group.operating_system as OperatingSystem)) === baseline.id;
        mappings.push({ PatchGroup: group.patch_group, BaselineIdentity: baselineIdentity(baseline, isDefault) });
      }
      const { page, nextToken } = indexPage(deps.keyring, ctx, "DescribePatchGroups", mappings, input.NextToken, input.MaxResults ?? 100);
      return { Mappings: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
