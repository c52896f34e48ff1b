/** @module Parameter Store's tables: the current state of each parameter, every kept version, and labels. */
import type { CreateTableBuilder, Kysely, Migration } from "kysely";
import { binaryText } from "../../core/store/sql-helpers.ts";

// Columns every version carries; the current row repeats them so a read is one lookup.
function versionColumns<T extends string>(table: CreateTableBuilder<T, string>): CreateTableBuilder<T, string> {
  return table
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("key_id", "text")
    .addColumn("tier", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("allowed_pattern", "text")
    .addColumn("data_type", "text", (c) => c.notNull())
    .addColumn("policies", "text")
    .addColumn("modified_at", "bigint", (c) => c.notNull())
    .addColumn("modified_user", "text", (c) => c.notNull());
}

export const parameterMigrations: Record<string, Migration> = {
  "parameters-001-parameters-versions-labels": {
    async up(db: Kysely<unknown>) {
      const key = binaryText(db);
      await versionColumns(
        db.schema
          .createTable("parameters")
          .addColumn("account_id", "text", (c) => c.notNull())
          .addColumn("region", "text", (c) => c.notNull())
          // The name without its leading slash: `/A` and `A` are the same parameter.
          .addColumn("name_key", key, (c) => c.notNull())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("parent_path", key, (c) => c.notNull())
          .addColumn("version", "bigint", (c) => c.notNull())
          .addColumn("expires_at", "bigint")
          .addColumn("policy_due_at", "bigint"),
      )
        .addPrimaryKeyConstraint("parameters_pk", ["account_id", "region", "name_key"])
        .execute();
      await db.schema
        .createIndex("parameters_by_parent")
        .on("parameters")
        .columns(["account_id", "region", "parent_path", "name_key"])
        .execute();
      await db.schema.createIndex("parameters_by_policy_due").on("parameters").column("policy_due_at").execute();
      await versionColumns(
        db.schema
          .createTable("parameter_versions")
          .addColumn("account_id", "text", (c) => c.notNull())
          .addColumn("region", "text", (c) => c.notNull())
          .addColumn("name_key", key, (c) => c.notNull())
          .addColumn("version", "bigint", (c) => c.notNull()),
      )
        .addPrimaryKeyConstraint("parameter_versions_pk", ["account_id", "region", "name_key", "version"])
        .execute();
      await db.schema
        .createTable("parameter_labels")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("name_key", key, (c) => c.notNull())
        .addColumn("label", "text", (c) => c.notNull())
        .addColumn("version", "bigint", (c) => c.notNull())
        // One label names one version of a parameter.
        .addPrimaryKeyConstraint("parameter_labels_pk", ["account_id", "region", "name_key", "label"])
        .execute();
      await db.schema
        .createIndex("parameter_labels_by_version")
        .on("parameter_labels")
        .columns(["account_id", "region", "name_key", "version"])
        .execute();
    },
  },
};
