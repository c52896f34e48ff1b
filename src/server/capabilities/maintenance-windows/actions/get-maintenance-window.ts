/** @module GetMaintenanceWindow: one window, with when it opens next (absent when disabled or over). */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { ownWindow } from "../own-window.ts";
import { type WindowDeps, WindowIdShape, windowArn, windowIdentity } from "../window-shapes.ts";

export function getMaintenanceWindowAction(deps: WindowDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "GetMaintenanceWindow",
    input: Type.Object({ WindowId: WindowIdShape() }),
    resources: (ctx, input) => [windowArn(ctx, input.WindowId)],
    async handle(ctx, input) {
      const row = await ownWindow(deps.store, ctx, input.WindowId);
      return {
        ...windowIdentity(row, ctx.now),
        AllowUnassociatedTargets: row.allow_unassociated_targets === 1,
        CreatedDate: row.created_at / 1000,
        ModifiedDate: row.modified_at / 1000,
      };
    },
  });
}
