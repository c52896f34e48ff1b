/** @module GetDefaultPatchBaseline: the baseline an operating system's nodes use here (WINDOWS when none is named). */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { defaultBaselineId } from "../baseline-listing.ts";
import { OperatingSystemShape, type PatchDeps, patchListingArn } from "../patch-shapes.ts";

export function getDefaultPatchBaselineAction(deps: PatchDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "GetDefaultPatchBaseline",
    input: Type.Object({ OperatingSystem: Type.Optional(OperatingSystemShape()) }),
    resources: (ctx) => [patchListingArn(ctx)],
    async handle(ctx, input) {
      const os = input.OperatingSystem ?? "WINDOWS";
      return { BaselineId: await defaultBaselineId(deps.store, ctx, os), OperatingSystem: os };
    },
  });
}
