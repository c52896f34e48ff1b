/**
 * @module RegisterPatchBaselineForPatchGroup: nodes tagged `Patch Group` (or `PatchGroup`) with this value use this
 * baseline for its operating system. A group has one baseline per operating system; a baseline serves at most 25
 * groups; a predefined baseline serves none (a node in no group already gets its system's default).
 */
import { Type } from "@sinclair/typebox";
import { AlreadyExists, InvalidResourceId, ResourceLimitExceeded } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { BaselineIdShape, type PatchDeps, PatchGroupShape } from "../patch-shapes.ts";
import { baselineResource, resolveBaseline } from "../resolve-baseline.ts";

/** SSM's quota: a baseline serves at most 25 patch groups. */
export const maxGroupsPerBaseline = 25;

export function registerPatchBaselineForPatchGroupAction(deps: PatchDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "RegisterPatchBaselineForPatchGroup",
    input: Type.Object({ BaselineId: BaselineIdShape(), PatchGroup: PatchGroupShape() }),
    resources: (ctx, input) => [baselineResource(ctx, input.BaselineId)],
    async handle(ctx, input) {
      return deps.store.transaction(async (store) => {
        const baseline = await resolveBaseline(store, ctx, input.BaselineId);
        if (baseline.owner !== "Self")
          throw new InvalidResourceId(`${baseline.name} is a predefined baseline; register a baseline of your own with a patch group.`);
        const os = baseline.operatingSystem;
        const registered = await store.group(ctx, input.PatchGroup, os);
        if (registered)
          throw new AlreadyExists(`Patch group ${input.PatchGroup} already has baseline ${registered.baseline_id} registered for ${os}.`);
        if ((await store.groupsOf(ctx, baseline.id)).length >= maxGroupsPerBaseline)
          throw new ResourceLimitExceeded(`A patch baseline can serve at most ${maxGroupsPerBaseline} patch groups.`);
        await store.addGroup({
          account_id: ctx.accountId,
          region: ctx.region,
          patch_group: input.PatchGroup,
          operating_system: os,
          baseline_id: baseline.id,
        });
        return { BaselineId: baseline.id, PatchGroup: input.PatchGroup };
      });
    },
  });
}
