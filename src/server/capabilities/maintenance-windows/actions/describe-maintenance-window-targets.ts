/** @module DescribeMaintenanceWindowTargets: a window's targets, filtered by WindowTargetId and OwnerInformation. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { AwsInteger, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { ownWindow } from "../own-window.ts";
import { type WindowDeps, WindowFiltersShape, WindowIdShape, windowArn, windowFilterTest } from "../window-shapes.ts";
import { targetView } from "../window-target-shapes.ts";
import type { WindowTargetRow } from "../window-target-store.ts";

/** The fields each filter key reads. */
const filterFields: Record<string, (row: WindowTargetRow) => string> = {
  WindowTargetId: (row) => row.window_target_id,
  OwnerInformation: (row) => row.owner_information ?? "",
};

export function describeMaintenanceWindowTargetsAction(deps: WindowDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribeMaintenanceWindowTargets",
    input: Type.Object({
      WindowId: WindowIdShape(),
      Filters: Type.Optional(WindowFiltersShape()),
      MaxResults: Type.Optional(AwsInteger({ min: 10, max: 100 })),
      NextToken: Type.Optional(NextTokenShape()),
    }),
    resources: (ctx, input) => [windowArn(ctx, input.WindowId)],
    async handle(ctx, input) {
      const matches = windowFilterTest(input.Filters, filterFields);
      await ownWindow(deps.store, ctx, input.WindowId);
      const targets = (await deps.targets.list(ctx, input.WindowId)).filter(matches);
      const { page, nextToken } = indexPage(
        deps.keyring,
        ctx,
        `DescribeMaintenanceWindowTargets:${input.WindowId}`,
        targets.map(targetView),
        input.NextToken,
        input.MaxResults ?? 10,
      );
      return { Targets: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
