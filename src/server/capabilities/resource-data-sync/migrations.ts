/** @module Resource data sync tables: the syncs, and every object a sync wrote (for incremental runs and deletions). */
import type { Kysely, Migration } from "kysely";

export const resourceDataSyncMigrations: Record<string, Migration> = {
  "resource-data-sync-001-syncs-objects": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("resource_data_syncs")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("sync_name", "text", (c) => c.notNull())
        .addColumn("sync_type", "text", (c) => c.notNull())
        // JSON: the S3Destination as given (bucket, prefix, format, region, data sharing).
        .addColumn("destination", "text", (c) => c.notNull())
        .addColumn("organization_wide", "integer", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("modified_at", "bigint", (c) => c.notNull())
        .addColumn("last_status", "text")
        .addColumn("last_sync_at", "bigint")
        .addColumn("last_success_at", "bigint")
        .addColumn("last_message", "text")
        .addPrimaryKeyConstraint("resource_data_syncs_pk", ["account_id", "region", "sync_name"])
        .execute();
      await db.schema
        .createTable("resource_data_sync_objects")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("sync_name", "text", (c) => c.notNull())
        .addColumn("object_key", "text", (c) => c.notNull())
        // What the object was written from: an unchanged stamp is not written again.
        .addColumn("stamp", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("resource_data_sync_objects_pk", ["account_id", "region", "sync_name", "object_key"])
        .execute();
    },
  },
  "resource-data-sync-002-retention": {
    async up(db: Kysely<unknown>) {
      // When the object's node or type went away; it is deleted once the retention has passed (immediately by default).
      await db.schema.alterTable("resource_data_sync_objects").addColumn("gone_at", "bigint").execute();
    },
  },
};
