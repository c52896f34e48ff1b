/** @module GetMaintenanceWindowTask: one task of a window, with its invocation parameters. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { ownTask } from "../own-window.ts";
import { type WindowDeps, WindowIdShape, windowArn } from "../window-shapes.ts";
import { taskView, WindowTaskIdShape } from "../window-task-shapes.ts";

export function getMaintenanceWindowTaskAction(deps: WindowDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "GetMaintenanceWindowTask",
    input: Type.Object({ WindowId: WindowIdShape(), WindowTaskId: WindowTaskIdShape() }),
    resources: (ctx, input) => [windowArn(ctx, input.WindowId)],
    async handle(ctx, input) {
      return taskView(await ownTask(deps, ctx, input.WindowId, input.WindowTaskId));
    },
  });
}
