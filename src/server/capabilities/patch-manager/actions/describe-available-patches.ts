/**
 * @module DescribeAvailablePatches: the patches the account's nodes reported — every package version installed or
 * offered by their repositories — filtered by OPERATING_SYSTEM, PRODUCT, NAME, CLASSIFICATION, SEVERITY, SECTION,
 * PRIORITY or PATCH_ID (SSM's keys for Linux; `*` wildcards).
 */

import { ValidationException } from "../../../../protocol/errors/errors.ts";
import { globMatches } from "../../../../protocol/patch/approval.ts";
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { OrchestratorListingInput } from "../baseline-listing.ts";
import { patchView } from "../catalog-view.ts";
import { type PatchDeps, patchListingArn } from "../patch-shapes.ts";

const fieldOf = {
  OPERATING_SYSTEM: "operating_system",
  PRODUCT: "product",
  NAME: "name",
  CLASSIFICATION: "classification",
  SECTION: "classification",
  SEVERITY: "severity",
  PRIORITY: "severity",
  PATCH_ID: "id",
} as const;

export function describeAvailablePatchesAction(deps: PatchDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribeAvailablePatches",
    input: OrchestratorListingInput(),
    resources: (ctx) => [patchListingArn(ctx)],
    async handle(ctx, input) {
      const keys = Object.keys(fieldOf);
      for (const filter of input.Filters ?? []) {
        if (!filter.Key || !keys.includes(filter.Key))
          throw new ValidationException(`The filter key ${filter.Key ?? "(none)"} is not valid here; use one of ${keys.join(", ")}.`);
        if (!filter.Values?.length) throw new ValidationException(`The filter ${filter.Key} needs at least one value.`);
      }
      const patches = (await deps.catalog.list(ctx))
        .filter((row) =>
          (input.Filters ?? []).every((filter) => {
            const field = fieldOf[filter.Key as keyof typeof fieldOf];
            const value = field === "id" ? `${row.name}_${row.version}` : row[field];
            return (filter.Values ?? []).some((pattern) => globMatches(pattern, value));
          }),
        )
        .map(patchView);
      const { page, nextToken } = indexPage(
        deps.keyring,
        ctx,
        "DescribeAvailablePatches",
        patches,
        input.NextToken,
        input.MaxResults ?? 100,
      );
      return { Patches: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
