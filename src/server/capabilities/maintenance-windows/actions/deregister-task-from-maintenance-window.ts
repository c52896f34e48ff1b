/** @module DeregisterTaskFromMaintenanceWindow: removes a task from a window. */
import { Type } from "@sinclair/typebox";
import { DoesNotExist } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { ownWindow } from "../own-window.ts";
import { type WindowDeps, WindowIdShape, windowArn } from "../window-shapes.ts";
import { WindowTaskIdShape } from "../window-task-shapes.ts";
import { WindowTaskStore } from "../window-task-store.ts";

export function deregisterTaskFromMaintenanceWindowAction(deps: WindowDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DeregisterTaskFromMaintenanceWindow",
    input: Type.Object({ WindowId: WindowIdShape(), WindowTaskId: WindowTaskIdShape() }),
    resources: (ctx, input) => [windowArn(ctx, input.WindowId)],
    async handle(ctx, input) {
      return deps.store.transaction(async (windows) => {
        await ownWindow(windows, ctx, input.WindowId);
        if (!(await new WindowTaskStore(windows.handle).delete(ctx, input.WindowId, input.WindowTaskId)))
          throw new DoesNotExist(`Maintenance window task ${input.WindowTaskId} does not exist in ${input.WindowId}`);
        return { WindowId: input.WindowId, WindowTaskId: input.WindowTaskId };
      });
    },
  });
}
