/** @module GetPatchBaseline: one baseline, the account's own or a predefined one, with the patch groups that use it. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { BaselineIdShape, type PatchDeps } from "../patch-shapes.ts";
import { baselineResource, baselineView, resolveBaseline } from "../resolve-baseline.ts";

export function getPatchBaselineAction(deps: PatchDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "GetPatchBaseline",
    input: Type.Object({ BaselineId: BaselineIdShape() }),
    resources: (ctx, input) => [baselineResource(ctx, input.BaselineId)],
    async handle(ctx, input) {
      const baseline = await resolveBaseline(deps.store, ctx, input.BaselineId);
      return { ...baselineView(baseline), PatchGroups: await deps.store.groupsOf(ctx, baseline.id) };
    },
  });
}
