/** @module Run Command's tables: one row per command, one per (command, node) invocation. */
import type { Kysely, Migration } from "kysely";

export const runCommandMigrations: Record<string, Migration> = {
  "run-command-001-commands-invocations": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("commands")
        .addColumn("command_id", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("document_name", "text", (c) => c.notNull())
        .addColumn("document_version", "text", (c) => c.notNull())
        .addColumn("comment", "text", (c) => c.notNull())
        // JSON: the request as the caller gave it (Parameters, InstanceIds, Targets) and the steps rendered from it.
        .addColumn("parameters", "text", (c) => c.notNull())
        .addColumn("instance_ids", "text", (c) => c.notNull())
        .addColumn("targets", "text", (c) => c.notNull())
        .addColumn("steps", "text", (c) => c.notNull())
        .addColumn("platform_types", "text", (c) => c.notNull())
        .addColumn("requested_at", "bigint", (c) => c.notNull())
        .addColumn("expires_at", "bigint", (c) => c.notNull())
        .addColumn("timeout_seconds", "integer", (c) => c.notNull())
        .addColumn("max_concurrency", "text", (c) => c.notNull())
        .addColumn("max_errors", "text", (c) => c.notNull())
        .addColumn("output_bucket", "text")
        .addColumn("output_prefix", "text")
        .addColumn("output_region", "text")
        .addColumn("service_role", "text")
        .addColumn("status_details", "text", (c) => c.notNull())
        .addColumn("target_count", "integer", (c) => c.notNull())
        .addColumn("completed_count", "integer", (c) => c.notNull())
        .addColumn("error_count", "integer", (c) => c.notNull())
        .addColumn("delivery_timed_out_count", "integer", (c) => c.notNull())
        .addColumn("cancel_requested", "integer", (c) => c.notNull())
        // 0 while any invocation can still change; the dispatcher only looks at unfinished commands.
        .addColumn("finished", "integer", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("commands_by_scope").on("commands").columns(["account_id", "region", "requested_at"]).execute();
      await db.schema.createIndex("commands_unfinished").on("commands").columns(["finished"]).execute();
      await db.schema
        .createTable("command_invocations")
        .addColumn("command_id", "text", (c) => c.notNull())
        .addColumn("instance_id", "text", (c) => c.notNull())
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        // Delivery order under rate control.
        .addColumn("seq", "integer", (c) => c.notNull())
        .addColumn("instance_name", "text", (c) => c.notNull())
        .addColumn("requested_at", "bigint", (c) => c.notNull())
        .addColumn("status_details", "text", (c) => c.notNull())
        .addColumn("terminal", "integer", (c) => c.notNull())
        // 1 once rate control let it go: the node gets it when it is (or comes) online.
        .addColumn("released", "integer", (c) => c.notNull())
        .addColumn("started_at", "bigint")
        .addColumn("ended_at", "bigint")
        .addColumn("response_code", "integer", (c) => c.notNull())
        // JSON: each step's result with the head of its output, once the agent reported.
        .addColumn("plugins", "text")
        .addPrimaryKeyConstraint("command_invocations_pk", ["command_id", "instance_id"])
        .execute();
      await db.schema.createIndex("invocations_by_release").on("command_invocations").columns(["command_id", "released", "seq"]).execute();
      await db.schema.createIndex("invocations_open_by_node").on("command_invocations").columns(["instance_id", "terminal"]).execute();
      await db.schema
        .createIndex("invocations_by_scope")
        .on("command_invocations")
        .columns(["account_id", "region", "requested_at"])
        .execute();
    },
  },
  "run-command-002-origin": {
    async up(db: Kysely<unknown>) {
      // Which commands State Manager sent for its associations (and which an API caller sent).
      for (const table of ["commands", "command_invocations"])
        await db.schema
          .alterTable(table)
          .addColumn("origin", "text", (c) => c.notNull().defaultTo("api"))
          .execute();
    },
  },
};
