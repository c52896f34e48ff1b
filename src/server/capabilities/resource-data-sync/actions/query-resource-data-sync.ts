/**
 * @module Bosun.QueryResourceDataSync: one read-only SELECT over a sync's destination with embedded DuckDB, on the
 * tables Athena would have (lake-tables.ts). The caller reads only what the sync was allowed to write: its own
 * account, or, for an organization-wide sync, the accounts its owner reads now.
 */
import { join } from "node:path";
import { Type } from "@sinclair/typebox";
import { queryLakeIsolated } from "../../../../lake/isolated-lake-query.ts";
import { LakeQueryError } from "../../../../lake/lake-query.ts";
import { ThrottlingException, ValidationException } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { type BlobStores, safeKey } from "../../../core/blobs/blob-store.ts";
import { AwsInteger, AwsString } from "../../../core/validation/aws-shapes.ts";
import type { OrganizationView } from "../../organizations/index.ts";
import { mirrorFolder, mirrorToFolder } from "../s3-mirror.ts";
import { NotFound } from "../sync-action-shapes.ts";
import type { SyncStore } from "../sync-store.ts";
import { type Destination, syncAccounts } from "../sync-writer.ts";

export interface QuerySyncDeps {
  store: SyncStore;
  organization: OrganizationView;
  blobs: BlobStores;
  dataDir: string;
}

export const maxQueryRows = 10_000;
export const maxQueryTimeoutSeconds = 300;

export function queryResourceDataSyncAction(deps: QuerySyncDeps) {
  return defineAction({
    target: "Bosun",
    name: "QueryResourceDataSync",
    input: Type.Object({
      SyncName: AwsString({ min: 1, max: 64 }),
      QueryString: AwsString({ min: 1, max: 262_144 }),
      MaxRows: Type.Optional(AwsInteger({ min: 1, max: maxQueryRows })),
      TimeoutSeconds: Type.Optional(AwsInteger({ min: 1, max: maxQueryTimeoutSeconds })),
    }),
    iamAction: "ssm:GetInventory",
    resources: (ctx, input) => [`arn:aws:ssm:${ctx.region}:${ctx.accountId}:resource-data-sync/${input.SyncName}`],
    async handle(ctx, input) {
      const sync = (await deps.store.syncs(ctx)).find((s) => s.sync_name === input.SyncName && s.sync_type === "SyncToDestination");
      if (!sync) throw new NotFound(`No resource data sync named ${input.SyncName}.`).with({ SyncName: input.SyncName });
      const destination = JSON.parse(sync.destination) as Destination;
      const accounts = new Set(await syncAccounts(deps.organization, sync));
      if (destination.Prefix !== undefined && !safeKey(destination.Prefix))
        throw new ValidationException("The sync's Prefix is not a key prefix this server can read.");
      const source = deps.blobs.sourceOf(destination.BucketName);
      let root: string;
      if ("folder" in source) root = destination.Prefix ? join(source.folder, destination.Prefix) : source.folder;
      else {
        root = mirrorFolder(deps.dataDir, ctx, sync.sync_name);
        await mirrorToFolder({ remote: source.remote, bucket: destination.BucketName, prefix: destination.Prefix, folder: root, accounts });
      }
      try {
        const result = await queryLakeIsolated({
          root,
          accounts,
          sql: input.QueryString,
          maxRows: input.MaxRows ?? 1000,
          timeoutMs: (input.TimeoutSeconds ?? 30) * 1000,
        });
        return {
          Columns: result.columns.map((c) => ({ Name: c.name, Type: c.type })),
          Rows: result.rows,
          Truncated: result.truncated,
        };
      } catch (error) {
        if (error instanceof LakeQueryError && error.reason === "busy") throw new ThrottlingException(error.message);
        if (error instanceof LakeQueryError) throw new ValidationException(error.message);
        throw error;
      }
    },
  });
}
