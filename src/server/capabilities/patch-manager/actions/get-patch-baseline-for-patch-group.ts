/**
 * @module GetPatchBaselineForPatchGroup: the baseline a group's nodes of one operating system (WINDOWS when none is
 * named) use — the one registered with the group, else the system's default.
 */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { defaultBaselineId } from "../baseline-listing.ts";
import { OperatingSystemShape, type PatchDeps, PatchGroupShape, patchListingArn } from "../patch-shapes.ts";

export function getPatchBaselineForPatchGroupAction(deps: PatchDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "GetPatchBaselineForPatchGroup",
    input: Type.Object({ PatchGroup: PatchGroupShape(), OperatingSystem: Type.Optional(OperatingSystemShape()) }),
    resources: (ctx) => [patchListingArn(ctx)],
    async handle(ctx, input) {
      const os = input.OperatingSystem ?? "WINDOWS";
      const registered = await deps.store.group(ctx, input.PatchGroup, os);
      return {
        BaselineId: registered?.baseline_id ?? (await defaultBaselineId(deps.store, ctx, os)),
        PatchGroup: input.PatchGroup,
        OperatingSystem: os,
      };
    },
  });
}
