/** @module DescribePatchGroupState: how many of a patch group's nodes have patches in each state, after their last runs. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { type PatchDeps, PatchGroupShape, patchListingArn } from "../patch-shapes.ts";

export function describePatchGroupStateAction(deps: PatchDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribePatchGroupState",
    input: Type.Object({ PatchGroup: PatchGroupShape() }),
    resources: (ctx) => [patchListingArn(ctx)],
    async handle(ctx, input) {
      const counts = (await deps.states.statesOfGroup(ctx, input.PatchGroup)).map(
        (row) => JSON.parse(row.counts) as Record<string, number>,
      );
      const nodesWith = (key: string) => counts.filter((c) => (c[key] ?? 0) > 0).length;
      return {
        Instances: counts.length,
        InstancesWithInstalledPatches: nodesWith("InstalledCount"),
        InstancesWithInstalledOtherPatches: nodesWith("InstalledOtherCount"),
        InstancesWithInstalledPendingRebootPatches: nodesWith("InstalledPendingRebootCount"),
        InstancesWithInstalledRejectedPatches: nodesWith("InstalledRejectedCount"),
        InstancesWithMissingPatches: nodesWith("MissingCount"),
        InstancesWithFailedPatches: nodesWith("FailedCount"),
        InstancesWithNotApplicablePatches: nodesWith("NotApplicableCount"),
        InstancesWithUnreportedNotApplicablePatches: nodesWith("UnreportedNotApplicableCount"),
        InstancesWithCriticalNonCompliantPatches: nodesWith("CriticalNonCompliantCount"),
        InstancesWithSecurityNonCompliantPatches: nodesWith("SecurityNonCompliantCount"),
        InstancesWithOtherNonCompliantPatches: nodesWith("OtherNonCompliantCount"),
        InstancesWithAvailableSecurityUpdates: nodesWith("AvailableSecurityUpdateCount"),
      };
    },
  });
}
