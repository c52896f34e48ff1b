/** @module DescribeMaintenanceWindowTasks: a window's tasks, filtered by WindowTaskId, TaskArn and TaskType. */
import { defineAction } from "../../../core/api/action.ts";
import { windowPartListingInput, windowPartPage } from "../window-part-listing.ts";
import { type WindowDeps, windowArn } from "../window-shapes.ts";
import { taskListing } from "../window-task-shapes.ts";
import type { WindowTaskRow } from "../window-task-store.ts";

/** The fields each filter key reads. */
const fields: Record<string, (row: WindowTaskRow) => string> = {
  WindowTaskId: (row) => row.window_task_id,
  TaskArn: (row) => row.task_arn,
  TaskType: (row) => row.task_type,
};

export function describeMaintenanceWindowTasksAction(deps: WindowDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribeMaintenanceWindowTasks",
    input: windowPartListingInput(),
    resources: (ctx, input) => [windowArn(ctx, input.WindowId)],
    async handle(ctx, input) {
      const { page, nextToken } = await windowPartPage(deps, ctx, "DescribeMaintenanceWindowTasks", input, {
        rows: (windowId) => deps.tasks.list(ctx, windowId),
        fields,
        view: taskListing,
      });
      return { Tasks: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
