/**
 * @module DescribePatchBaselines: the baselines the caller sees — predefined and its own — filtered by NAME_PREFIX,
 * OWNER (Self, AWS or All) and OPERATING_SYSTEM, each marked when it is its operating system's default here.
 */
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { defaultBaselineId, OrchestratorListingInput, orchestratorFilterTest, visibleBaselines } from "../baseline-listing.ts";
import { type PatchDeps, patchListingArn } from "../patch-shapes.ts";
import { baselineIdentity } from "../resolve-baseline.ts";

export function describePatchBaselinesAction(deps: PatchDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribePatchBaselines",
    input: OrchestratorListingInput(),
    resources: (ctx) => [patchListingArn(ctx)],
    async handle(ctx, input) {
      const filters = input.Filters?.map((filter) =>
        // OWNER=All is no filter at all.
        filter.Key === "OWNER" && filter.Values?.includes("All") ? { Key: "OWNER", Values: ["Self", "AWS"] } : filter,
      );
      const matches = orchestratorFilterTest(filters, ["NAME_PREFIX", "OWNER", "OPERATING_SYSTEM"]);
      const baselines = (await visibleBaselines(deps.store, ctx)).filter((baseline) =>
        matches({ NAME_PREFIX: baseline.name, OWNER: baseline.owner, OPERATING_SYSTEM: baseline.operatingSystem }),
      );
      const defaults = new Map<string, string>();
      for (const baseline of baselines)
        if (!defaults.has(baseline.operatingSystem))
          defaults.set(baseline.operatingSystem, await defaultBaselineId(deps.store, ctx, baseline.operatingSystem));
      const identities = baselines.map((baseline) => baselineIdentity(baseline, defaults.get(baseline.operatingSystem) === baseline.id));
      const { page, nextToken } = indexPage(
        deps.keyring,
        ctx,
        "DescribePatchBaselines",
        identities,
        input.NextToken,
        input.MaxResults ?? 100,
      );
      return { BaselineIdentities: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
