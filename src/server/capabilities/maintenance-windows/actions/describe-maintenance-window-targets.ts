/** @module DescribeMaintenanceWindowTargets: a window's targets, filtered by WindowTargetId and OwnerInformation. */
import { defineAction } from "../../../core/api/action.ts";
import { windowPartListingInput, windowPartPage } from "../window-part-listing.ts";
import { type WindowDeps, windowArn } from "../window-shapes.ts";
import { targetView } from "../window-target-shapes.ts";
import type { WindowTargetRow } from "../window-target-store.ts";

/** The fields each filter key reads. */
const fields: Record<string, (row: WindowTargetRow) => string> = {
  WindowTargetId: (row) => row.window_target_id,
  OwnerInformation: (row) => row.owner_information ?? "",
};

export function describeMaintenanceWindowTargetsAction(deps: WindowDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribeMaintenanceWindowTargets",
    input: windowPartListingInput(),
    resources: (ctx, input) => [windowArn(ctx, input.WindowId)],
    async handle(ctx, input) {
      const { page, nextToken } = await windowPartPage(deps, ctx, "DescribeMaintenanceWindowTargets", input, {
        rows: (windowId) => deps.targets.list(ctx, windowId),
        fields,
        view: targetView,
      });
      return { Targets: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
