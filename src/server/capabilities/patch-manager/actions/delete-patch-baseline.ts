/**
 * @module DeletePatchBaseline: removes an account's own baseline, with its tags. One that is a registered default or
 * serves a patch group is in use (ResourceInUseException); deleting one that is gone answers its id, as SSM does.
 */
import { Type } from "@sinclair/typebox";
import { DoesNotExist, InvalidResourceId, ResourceInUse } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { BaselineIdShape, type PatchDeps, patchBaselineResourceType } from "../patch-shapes.ts";
import { baselineResource, resolveBaseline } from "../resolve-baseline.ts";

export function deletePatchBaselineAction(deps: PatchDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DeletePatchBaseline",
    input: Type.Object({ BaselineId: BaselineIdShape() }),
    resources: (ctx, input) => [baselineResource(ctx, input.BaselineId)],
    async handle(ctx, input) {
      return deps.store.transaction(async (store) => {
        const baseline = await resolveBaseline(store, ctx, input.BaselineId).catch((error: unknown) => {
          if (error instanceof DoesNotExist) return undefined;
          throw error;
        });
        if (!baseline) return { BaselineId: input.BaselineId.trim() };
        if (baseline.owner !== "Self") throw new InvalidResourceId(`${baseline.name} is a predefined baseline and cannot be deleted.`);
        const defaults = await store.defaultsUsing(ctx, baseline.id);
        if (defaults.length > 0)
          throw new ResourceInUse(`Patch baseline ${baseline.id} is the default baseline for ${defaults.join(", ")}.`);
        const groups = await store.groupsOf(ctx, baseline.id);
        if (groups.length > 0)
          throw new ResourceInUse(`Patch baseline ${baseline.id} is registered with the patch groups ${groups.join(", ")}.`);
        await store.delete(ctx, baseline.id);
        await deps.tags.removeAll(ctx, patchBaselineResourceType, baseline.id, store.handle);
        return { BaselineId: baseline.id };
      });
    },
  });
}
