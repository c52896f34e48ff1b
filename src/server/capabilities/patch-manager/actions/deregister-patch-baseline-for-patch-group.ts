/** @module DeregisterPatchBaselineForPatchGroup: the group's nodes of that system go back to their default baseline. */
import { Type } from "@sinclair/typebox";
import { InvalidResourceId } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { BaselineIdShape, type PatchDeps, PatchGroupShape } from "../patch-shapes.ts";
import { baselineResource, resolveBaseline } from "../resolve-baseline.ts";

export function deregisterPatchBaselineForPatchGroupAction(deps: PatchDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DeregisterPatchBaselineForPatchGroup",
    input: Type.Object({ BaselineId: BaselineIdShape(), PatchGroup: PatchGroupShape() }),
    resources: (ctx, input) => [baselineResource(ctx, input.BaselineId)],
    async handle(ctx, input) {
      return deps.store.transaction(async (store) => {
        const baseline = await resolveBaseline(store, ctx, input.BaselineId);
        if ((await store.removeGroup(ctx, input.PatchGroup, baseline.id)) === 0)
          throw new InvalidResourceId(`Patch group ${input.PatchGroup} is not registered with baseline ${baseline.id}.`);
        return { BaselineId: baseline.id, PatchGroup: input.PatchGroup };
      });
    },
  });
}
