/**
 * @module Compliance's tables: the items each resource reported for each compliance type, and the upload that last
 * wrote them (its execution summary and content hash).
 */
import type { Kysely, Migration } from "kysely";

export const complianceMigrations: Record<string, Migration> = {
  "compliance-001-items": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("compliance_uploads")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("resource_type", "text", (c) => c.notNull())
        .addColumn("resource_id", "text", (c) => c.notNull())
        .addColumn("compliance_type", "text", (c) => c.notNull())
        .addColumn("execution_time", "bigint", (c) => c.notNull())
        .addColumn("execution_id", "text")
        .addColumn("execution_type", "text")
        .addColumn("content_hash", "text")
        // The upload's items counted by status, then severity: summaries read uploads, never every item.
        .addColumn("counts", "text")
        .addPrimaryKeyConstraint("compliance_uploads_pk", ["account_id", "region", "resource_type", "resource_id", "compliance_type"])
        .execute();
      await db.schema
        .createTable("compliance_items")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("resource_type", "text", (c) => c.notNull())
        .addColumn("resource_id", "text", (c) => c.notNull())
        .addColumn("compliance_type", "text", (c) => c.notNull())
        .addColumn("item_id", "text", (c) => c.notNull())
        .addColumn("title", "text")
        .addColumn("severity", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        // The item's Details map as JSON; null when it has none.
        .addColumn("details", "text")
        .addPrimaryKeyConstraint("compliance_items_pk", [
          "account_id",
          "region",
          "resource_type",
          "resource_id",
          "compliance_type",
          "item_id",
        ])
        .execute();
    },
  },
};
