/** @module Unmanaged-machine tables: the sources of machines that exist, and the machines each last reported. */
import type { Kysely, Migration } from "kysely";

export const unmanagedMachineMigrations: Record<string, Migration> = {
  "unmanaged-machines-001-sources-machines": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("machine_sources")
        // The account whose machines the source lists (set by that account or by its organization's administrator).
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("source_name", "text", (c) => c.notNull())
        .addColumn("source_type", "text", (c) => c.notNull())
        // JSON: EC2's role and Regions; nothing for a CMDB list, whose machines are imported.
        .addColumn("config", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("last_refresh_at", "bigint")
        .addColumn("last_status", "text")
        .addColumn("last_message", "text")
        .addPrimaryKeyConstraint("machine_sources_pk", ["account_id", "source_name"])
        .execute();
      await db.schema
        .createTable("source_machines")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("source_name", "text", (c) => c.notNull())
        .addColumn("machine_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        // running, stopped or terminated (EC2's pending/stopping/shutting-down are folded into these).
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("name", "text")
        .addColumn("hostname", "text")
        .addColumn("private_ip", "text")
        .addColumn("public_ip", "text")
        .addColumn("platform", "text")
        .addColumn("seen_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("source_machines_pk", ["account_id", "source_name", "region", "machine_id"])
        .execute();
    },
  },
};
