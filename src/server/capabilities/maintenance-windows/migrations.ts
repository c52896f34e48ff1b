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
  // The targets registered with a window: which nodes its tasks run on (Key/Values as Run Command takes them).
  "maintenance-windows-002-targets": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("maintenance_window_targets")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("window_id", "text", (c) => c.notNull())
        .addColumn("window_target_id", "text", (c) => c.notNull())
        .addColumn("resource_type", "text", (c) => c.notNull())
        .addColumn("targets", "text", (c) => c.notNull())
        .addColumn("owner_information", "text")
        .addColumn("name", "text")
        .addColumn("description", "text")
        .addColumn("client_token", "text")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("maintenance_window_targets_pk", ["account_id", "region", "window_id", "window_target_id"])
        .execute();
    },
  },
  // The tasks a window runs when it opens, in Priority order (JSON members as registered).
  "maintenance-windows-003-tasks": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("maintenance_window_tasks")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("window_id", "text", (c) => c.notNull())
        .addColumn("window_task_id", "text", (c) => c.notNull())
        .addColumn("task_type", "text", (c) => c.notNull())
        .addColumn("task_arn", "text", (c) => c.notNull())
        // JSON: Targets, TaskParameters, TaskInvocationParameters and LoggingInfo as registered.
        .addColumn("targets", "text", (c) => c.notNull())
        .addColumn("task_parameters", "text")
        .addColumn("invocation_parameters", "text")
        .addColumn("logging_info", "text")
        .addColumn("service_role_arn", "text")
        .addColumn("priority", "integer", (c) => c.notNull())
        .addColumn("max_concurrency", "text")
        .addColumn("max_errors", "text")
        .addColumn("name", "text")
        .addColumn("description", "text")
        .addColumn("cutoff_behavior", "text", (c) => c.notNull())
        .addColumn("client_token", "text")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("maintenance_window_tasks_pk", ["account_id", "region", "window_id", "window_task_id"])
        .execute();
    },
  },
};
