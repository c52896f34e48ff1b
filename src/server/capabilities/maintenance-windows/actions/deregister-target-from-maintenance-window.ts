/**
 * @module DeregisterTargetFromMaintenanceWindow: removes a target from a window. `Safe` refuses when a task of the
 * window names the target (TargetInUseException); without it, a task that named it runs on its other targets.
 */
import { Type } from "@sinclair/typebox";
import { DoesNotExist, TargetInUse } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsBoolean } from "../../../core/validation/aws-shapes.ts";
import { ownWindow } from "../own-window.ts";
import { type WindowDeps, WindowIdShape, windowArn } from "../window-shapes.ts";
import { WindowTargetIdShape } from "../window-target-shapes.ts";
import { WindowTargetStore } from "../window-target-store.ts";
import { WindowTaskStore } from "../window-task-store.ts";

export function deregisterTargetFromMaintenanceWindowAction(deps: WindowDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DeregisterTargetFromMaintenanceWindow",
    input: Type.Object({ WindowId: WindowIdShape(), WindowTargetId: WindowTargetIdShape(), Safe: Type.Optional(AwsBoolean()) }),
    resources: (ctx, input) => [windowArn(ctx, input.WindowId)],
    async handle(ctx, input) {
      return deps.store.transaction(async (windows) => {
        await ownWindow(windows, ctx, input.WindowId);
        if (input.Safe) {
          const users = (await new WindowTaskStore(windows.handle).list(ctx, input.WindowId)).filter((task) =>
            (JSON.parse(task.targets) as { Key: string; Values: string[] }[]).some(
              (t) => t.Key === "WindowTargetIds" && t.Values.includes(input.WindowTargetId),
            ),
          );
          if (users.length > 0)
            throw new TargetInUse(`Target ${input.WindowTargetId} is used by the tasks ${users.map((t) => t.window_task_id).join(", ")}.`);
        }
        if (!(await new WindowTargetStore(windows.handle).delete(ctx, input.WindowId, input.WindowTargetId)))
          throw new DoesNotExist(`Maintenance window target ${input.WindowTargetId} does not exist in ${input.WindowId}`);
        return { WindowId: input.WindowId, WindowTargetId: input.WindowTargetId };
      });
    },
  });
}
