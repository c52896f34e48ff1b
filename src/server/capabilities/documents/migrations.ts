/** @module Documents' tables: one row per document, one per version (content as written, and what was parsed from it). */
import type { Kysely, Migration } from "kysely";
import { binaryText } from "../../core/store/sql-helpers.ts";

export const documentMigrations: Record<string, Migration> = {
  "documents-001-documents-versions": {
    async up(db: Kysely<unknown>) {
      const name = binaryText(db);
      await db.schema
        .createTable("documents")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("name", name, (c) => c.notNull())
        .addColumn("document_type", "text", (c) => c.notNull())
        .addColumn("target_type", "text")
        .addColumn("default_version", "integer", (c) => c.notNull())
        .addColumn("latest_version", "integer", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("documents_pk", ["account_id", "region", "name"])
        .execute();
      await db.schema
        .createTable("document_versions")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("name", name, (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("version_name", "text")
        .addColumn("display_name", "text")
        .addColumn("content", "text", (c) => c.notNull())
        .addColumn("format", "text", (c) => c.notNull())
        .addColumn("schema_version", "text", (c) => c.notNull())
        .addColumn("sha256", "text", (c) => c.notNull())
        .addColumn("description", "text")
        // JSON: the declared parameters and the platforms the steps run on, parsed once at write.
        .addColumn("parameters", "text", (c) => c.notNull())
        .addColumn("platform_types", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("document_versions_pk", ["account_id", "region", "name", "version"])
        .execute();
    },
  },
  "documents-002-permissions": {
    async up(db: Kysely<unknown>) {
      // ModifyDocumentPermission's shares: the owner's document, and each account (or `all`) it is shared with.
      await db.schema
        .createTable("document_permissions")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("name", binaryText(db), (c) => c.notNull())
        .addColumn("shared_with", "text", (c) => c.notNull())
        .addColumn("shared_version", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("document_permissions_pk", ["account_id", "region", "name", "shared_with"])
        .execute();
      await db.schema
        .createIndex("document_permissions_by_grantee")
        .on("document_permissions")
        .columns(["shared_with", "region"])
        .execute();
    },
  },
};
