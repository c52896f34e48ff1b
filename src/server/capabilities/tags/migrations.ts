/** @module The tags capability's table: one row per (resource, key). */
import type { Kysely, Migration } from "kysely";

export const tagMigrations: Record<string, Migration> = {
  "tags-001-resource-tags": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("resource_tags")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("resource_type", "text", (c) => c.notNull())
        .addColumn("resource_id", "text", (c) => c.notNull())
        .addColumn("tag_key", "text", (c) => c.notNull())
        .addColumn("tag_value", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("resource_tags_pk", ["account_id", "region", "resource_type", "resource_id", "tag_key"])
        .execute();
      await db.schema
        .createIndex("resource_tags_by_key")
        .on("resource_tags")
        .columns(["account_id", "region", "resource_type", "tag_key", "tag_value"])
        .execute();
    },
  },
  // Fleet search asks "which nodes have tag env = prod" of 10,000 nodes: with the resource id in the index, the answer
  // comes from the index alone instead of a table lookup per node.
  "tags-002-covering-value-index": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex("resource_tags_by_value")
        .on("resource_tags")
        .columns(["account_id", "region", "resource_type", "tag_key", "tag_value", "resource_id"])
        .execute();
      await db.schema.dropIndex("resource_tags_by_key").execute();
    },
  },
};
