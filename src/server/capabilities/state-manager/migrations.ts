/** @module State Manager's tables: associations with their versions, executions, and which nodes each execution reached. */
import type { Kysely, Migration } from "kysely";

export const stateManagerMigrations: Record<string, Migration> = {
  "state-manager-001-associations": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("associations")
        .addColumn("association_id", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        // JSON: the association as its latest version describes it (name, targets, parameters, schedule, ...).
        .addColumn("spec", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        // When the schedule next wants a run; null when it has none left.
        .addColumn("next_run_at", "bigint")
        .addColumn("last_execution_at", "bigint")
        .addColumn("last_success_at", "bigint")
        .execute();
      await db.schema.createIndex("associations_by_scope").on("associations").columns(["account_id", "region", "created_at"]).execute();
      await db.schema.createIndex("associations_due").on("associations").columns(["next_run_at"]).execute();
      await db.schema
        .createTable("association_versions")
        .addColumn("association_id", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("spec", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("association_versions_pk", ["association_id", "version"])
        .execute();
      await db.schema
        .createTable("association_executions")
        .addColumn("execution_id", "text", (c) => c.primaryKey())
        .addColumn("association_id", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        // The Run Command command that carries the execution to the nodes.
        .addColumn("command_id", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("association_executions_by_association")
        .on("association_executions")
        .columns(["association_id", "created_at"])
        .execute();
      await db.schema
        .createTable("association_targets")
        .addColumn("association_id", "text", (c) => c.notNull())
        .addColumn("instance_id", "text", (c) => c.notNull())
        .addColumn("execution_id", "text", (c) => c.notNull())
        .addColumn("command_id", "text", (c) => c.notNull())
        .addColumn("executed_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("association_targets_pk", ["association_id", "instance_id"])
        .execute();
      await db.schema.createIndex("association_targets_by_node").on("association_targets").columns(["instance_id"]).execute();
    },
  },
};
