/** @module UpdateResourceDataSync: only SyncFromSource syncs can be updated in SSM, and Bosun has none. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import {
  InvalidConfiguration,
  NotFound,
  type SyncActionDeps,
  SyncNameShape,
  SyncSourceShape,
  SyncTypeShape,
  syncArn,
} from "../sync-action-shapes.ts";

export function updateResourceDataSyncAction(deps: SyncActionDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "UpdateResourceDataSync",
    input: Type.Object({ SyncName: SyncNameShape(), SyncType: SyncTypeShape(), SyncSource: SyncSourceShape() }),
    resources: (ctx, input) => [syncArn(ctx, input.SyncName)],
    async handle(ctx, input) {
      const found = (await deps.store.syncs(ctx)).find((s) => s.sync_name === input.SyncName && s.sync_type === input.SyncType);
      if (!found)
        throw new NotFound(`No resource data sync named ${input.SyncName}.`).with({ SyncName: input.SyncName, SyncType: input.SyncType });
      // SSM updates only SyncFromSource syncs; Bosun has none of those.
      throw new InvalidConfiguration("Only SyncFromSource syncs can be updated; delete and create a SyncToDestination sync to change it.");
    },
  });
}
