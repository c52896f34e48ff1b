/** @module The buckets capability's table: who owns each bucket name, and the policy that lets others write to it. */
import type { Kysely, Migration } from "kysely";

export const bucketMigrations: Record<string, Migration> = {
  "buckets-001-owners": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("bucket_owners")
        .addColumn("bucket_name", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("policy", "text")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .execute();
    },
  },
};
