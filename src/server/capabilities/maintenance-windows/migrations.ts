/** @module Maintenance windows' tables: an account's windows in one Region, as CreateMaintenanceWindow describes them. */
import type { Kysely, Migration } from "kysely";

export const maintenanceWindowMigrations: Record<string, Migration> = {
  "maintenance-windows-001-windows": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("maintenance_windows")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("window_id", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("description", "text")
        .addColumn("schedule", "text", (c) => c.notNull())
        .addColumn("schedule_timezone", "text")
        .addColumn("schedule_offset", "integer")
        // StartDate and EndDate as the caller wrote them (SSM answers them so).
        .addColumn("start_date", "text")
        .addColumn("end_date", "text")
        .addColumn("duration", "integer", (c) => c.notNull())
        .addColumn("cutoff", "integer", (c) => c.notNull())
        .addColumn("allow_unassociated_targets", "integer", (c) => c.notNull())
        .addColumn("enabled", "integer", (c) => c.notNull())
        .addColumn("client_token", "text")
        // When the schedule was last set: rates count from it, and offsets apply to cron times after it.
        .addColumn("schedule_set_at", "bigint", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("modified_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("maintenance_windows_pk", ["account_id", "region", "window_id"])
        .execute();
    },
  },
};
