/** @module ListResourceDataSync: the account's syncs with the outcome of their last round. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { AwsInteger, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { type SyncActionDeps, SyncTypeShape, syncArn } from "../sync-action-shapes.ts";
import type { SyncRow } from "../sync-store.ts";
import type { Destination } from "../sync-writer.ts";

const itemJson = (row: SyncRow) => ({
  SyncName: row.sync_name,
  SyncType: row.sync_type,
  S3Destination: JSON.parse(row.destination) as Destination,
  SyncCreatedTime: row.created_at / 1000,
  SyncLastModifiedTime: row.modified_at / 1000,
  // Until the writer's first round, the sync is in progress.
  LastStatus: row.last_status ?? "InProgress",
  ...(row.last_sync_at !== null ? { LastSyncTime: row.last_sync_at / 1000 } : {}),
  ...(row.last_success_at !== null ? { LastSuccessfulSyncTime: row.last_success_at / 1000 } : {}),
  ...(row.last_message !== null ? { LastSyncStatusMessage: row.last_message } : {}),
});

export function listResourceDataSyncAction(deps: SyncActionDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "ListResourceDataSync",
    input: Type.Object({
      SyncType: Type.Optional(SyncTypeShape()),
      NextToken: Type.Optional(NextTokenShape()),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 50 })),
    }),
    resources: (ctx) => [syncArn(ctx, "*")],
    async handle(ctx, input) {
      const syncType = input.SyncType ?? "SyncToDestination";
      const rows = (await deps.store.syncs(ctx)).filter((s) => s.sync_type === syncType);
      const { page, nextToken } = indexPage(
        deps.keyring,
        ctx,
        `ListResourceDataSync:${syncType}`,
        rows,
        input.NextToken,
        input.MaxResults ?? 50,
      );
      return { ResourceDataSyncItems: page.map(itemJson), ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
