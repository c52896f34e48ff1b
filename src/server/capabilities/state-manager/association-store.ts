/** @module Reads and writes of associations; API reads are scoped by account and region. */
import { inScope, type Scope } from "../../core/store/scope.ts";
import { TransactionalStore } from "../../core/store/transactional-store.ts";

/** What one version of an association says. */
export interface AssociationSpec {
  Name: string;
  DocumentVersion?: string;
  Parameters?: Record<string, string[]>;
  Targets: { Key: string; Values: string[] }[];
  ScheduleExpression?: string;
  ScheduleOffset?: number;
  AssociationName?: string;
  MaxConcurrency?: string;
  MaxErrors?: string;
  ComplianceSeverity?: string;
  SyncCompliance?: string;
  ApplyOnlyAtCronInterval?: boolean;
  Duration?: number;
  OutputLocation?: { S3Location?: { OutputS3Region?: string; OutputS3BucketName?: string; OutputS3KeyPrefix?: string } };
}

export interface AssociationRow {
  association_id: string;
  account_id: string;
  region: string;
  version: number;
  spec: string;
  created_at: number;
  updated_at: number;
  next_run_at: number | null;
  last_execution_at: number | null;
  last_success_at: number | null;
}

export interface ExecutionRow {
  execution_id: string;
  association_id: string;
  version: number;
  command_id: string;
  created_at: number;
}

export interface TargetRow {
  association_id: string;
  instance_id: string;
  execution_id: string;
  command_id: string;
  executed_at: number;
}

type Tables = {
  associations: AssociationRow;
  association_versions: { association_id: string; version: number; spec: string; created_at: number };
  association_executions: ExecutionRow;
  association_targets: TargetRow;
};

export class AssociationStore extends TransactionalStore<Tables> {
  async insert(row: AssociationRow): Promise<void> {
    await this.transaction(async (tx) => {
      await tx.db.insertInto("associations").values(row).execute();
      await tx.db
        .insertInto("association_versions")
        .values({ association_id: row.association_id, version: row.version, spec: row.spec, created_at: row.created_at })
        .execute();
    });
  }

  /** A new version: the row takes it, and the history keeps it. */
  async update(row: AssociationRow): Promise<void> {
    await this.transaction(async (tx) => {
      await tx.db
        .updateTable("associations")
        .set({ version: row.version, spec: row.spec, updated_at: row.updated_at, next_run_at: row.next_run_at })
        .where("association_id", "=", row.association_id)
        .execute();
      await tx.db
        .insertInto("association_versions")
        .values({ association_id: row.association_id, version: row.version, spec: row.spec, created_at: row.updated_at })
        .execute();
    });
  }

  async get(scope: Scope, associationId: string): Promise<AssociationRow | undefined> {
    return this.db
      .selectFrom("associations")
      .selectAll()
      .where("association_id", "=", associationId)
      .$call(inScope(scope))
      .executeTakeFirst();
  }

  async list(scope: Scope): Promise<AssociationRow[]> {
    return this.db.selectFrom("associations").selectAll().$call(inScope(scope)).orderBy("created_at").orderBy("association_id").execute();
  }

  async all(): Promise<AssociationRow[]> {
    return this.db.selectFrom("associations").selectAll().orderBy("created_at").execute();
  }

  async delete(scope: Scope, associationId: string): Promise<boolean> {
    return this.transaction(async (tx) => {
      const result = await tx.db
        .deleteFrom("associations")
        .where("association_id", "=", associationId)
        .$call(inScope(scope))
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return false;
      for (const table of ["association_versions", "association_executions", "association_targets"] as const)
        await tx.db.deleteFrom(table).where("association_id", "=", associationId).execute();
      return true;
    });
  }

  async versions(associationId: string): Promise<{ version: number; spec: string; created_at: number }[]> {
    return this.db
      .selectFrom("association_versions")
      .select(["version", "spec", "created_at"])
      .where("association_id", "=", associationId)
      .orderBy("version")
      .execute();
  }

  async version(associationId: string, version: number): Promise<{ spec: string; created_at: number } | undefined> {
    return this.db
      .selectFrom("association_versions")
      .select(["spec", "created_at"])
      .where("association_id", "=", associationId)
      .where("version", "=", version)
      .executeTakeFirst();
  }

  /** Records an execution, the nodes it reached, and the association's next run. */
  async recordExecution(execution: ExecutionRow, instanceIds: readonly string[], nextRunAt: number | null): Promise<void> {
    await this.transaction(async (tx) => {
      await tx.db.insertInto("association_executions").values(execution).execute();
      for (const instanceId of instanceIds)
        await tx.db
          .insertInto("association_targets")
          .values({
            association_id: execution.association_id,
            instance_id: instanceId,
            execution_id: execution.execution_id,
            command_id: execution.command_id,
            executed_at: execution.created_at,
          })
          .onConflict((oc) =>
            oc
              .columns(["association_id", "instance_id"])
              .doUpdateSet({ execution_id: execution.execution_id, command_id: execution.command_id, executed_at: execution.created_at }),
          )
          .execute();
      await tx.db
        .updateTable("associations")
        .set({ last_execution_at: execution.created_at, next_run_at: nextRunAt })
        .where("association_id", "=", execution.association_id)
        .execute();
    });
  }

  async setNextRun(associationId: string, nextRunAt: number | null): Promise<void> {
    await this.db.updateTable("associations").set({ next_run_at: nextRunAt }).where("association_id", "=", associationId).execute();
  }

  async setLastSuccess(associationId: string, at: number): Promise<void> {
    await this.db.updateTable("associations").set({ last_success_at: at }).where("association_id", "=", associationId).execute();
  }

  async executions(associationId: string): Promise<ExecutionRow[]> {
    return this.db
      .selectFrom("association_executions")
      .selectAll()
      .where("association_id", "=", associationId)
      .orderBy("created_at", "desc")
      .execute();
  }

  async execution(associationId: string, executionId: string): Promise<ExecutionRow | undefined> {
    return this.db
      .selectFrom("association_executions")
      .selectAll()
      .where("association_id", "=", associationId)
      .where("execution_id", "=", executionId)
      .executeTakeFirst();
  }

  /** The last execution that reached each node of an association. */
  async targets(associationId: string): Promise<TargetRow[]> {
    return this.db.selectFrom("association_targets").selectAll().where("association_id", "=", associationId).execute();
  }

  async targetsOfNode(instanceId: string): Promise<TargetRow[]> {
    return this.db.selectFrom("association_targets").selectAll().where("instance_id", "=", instanceId).execute();
  }

  async due(now: number): Promise<AssociationRow[]> {
    return this.db.selectFrom("associations").selectAll().where("next_run_at", "<=", now).execute();
  }
}
