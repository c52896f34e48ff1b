/** @module DeleteResourceDataSync: the sync stops; what it wrote stays in the bucket, as in SSM. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { NotFound, type SyncActionDeps, SyncNameShape, SyncTypeShape, syncArn } from "../sync-action-shapes.ts";

export function deleteResourceDataSyncAction(deps: SyncActionDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DeleteResourceDataSync",
    input: Type.Object({ SyncName: SyncNameShape(), SyncType: Type.Optional(SyncTypeShape()) }),
    resources: (ctx, input) => [syncArn(ctx, input.SyncName)],
    async handle(ctx, input) {
      const syncType = input.SyncType ?? "SyncToDestination";
      const found = (await deps.store.syncs(ctx)).find((s) => s.sync_name === input.SyncName && s.sync_type === syncType);
      // The objects stay in the destination, as in SSM: deleting a sync stops it, it does not empty the bucket.
      if (!found || !(await deps.store.delete(ctx, input.SyncName)))
        throw new NotFound(`No resource data sync named ${input.SyncName}.`).with({ SyncName: input.SyncName, SyncType: syncType });
      return {};
    },
  });
}
