/**
 * @module RegisterDefaultPatchBaseline: the baseline — the account's own or a predefined one — that nodes of its
 * operating system use when their patch group names none.
 */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { BaselineIdShape, type PatchDeps } from "../patch-shapes.ts";
import { predefinedDefault } from "../predefined-baselines.ts";
import { baselineResource, resolveBaseline } from "../resolve-baseline.ts";

export function registerDefaultPatchBaselineAction(deps: PatchDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "RegisterDefaultPatchBaseline",
    input: Type.Object({ BaselineId: BaselineIdShape() }),
    resources: (ctx, input) => [baselineResource(ctx, input.BaselineId)],
    async handle(ctx, input) {
      return deps.store.transaction(async (store) => {
        const baseline = await resolveBaseline(store, ctx, input.BaselineId);
        const os = baseline.operatingSystem;
        // Registering the predefined default again is going back to it.
        if (baseline.owner === "AWS" && baseline.name === predefinedDefault(os).name) await store.clearDefault(ctx, os);
        else await store.setDefault(ctx, os, baseline.id);
        return { BaselineId: baseline.id };
      });
    },
  });
}
