/** @module DeleteMaintenanceWindow: removes a window with its targets, tasks and tags; a window that is gone answers its id, as SSM does. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { type WindowDeps, WindowIdShape, windowArn, windowResourceType } from "../window-shapes.ts";
import { WindowTargetStore } from "../window-target-store.ts";
import { WindowTaskStore } from "../window-task-store.ts";

export function deleteMaintenanceWindowAction(deps: WindowDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DeleteMaintenanceWindow",
    input: Type.Object({ WindowId: WindowIdShape() }),
    resources: (ctx, input) => [windowArn(ctx, input.WindowId)],
    async handle(ctx, input) {
      return deps.store.transaction(async (store) => {
        if (await store.delete(ctx, input.WindowId)) {
          await new WindowTargetStore(store.handle).deleteAll(ctx, input.WindowId);
          await new WindowTaskStore(store.handle).deleteAll(ctx, input.WindowId);
          await deps.tags.removeAll(ctx, windowResourceType, input.WindowId, store.handle);
        }
        return { WindowId: input.WindowId };
      });
    },
  });
}
