/** @module Reads and writes of the tasks registered with an account's maintenance windows. */
import type { Scope } from "../../core/store/scope.ts";
import { scopeColumns } from "../../core/store/scope.ts";
import { TransactionalStore } from "../../core/store/transactional-store.ts";

export interface WindowTaskRow {
  account_id: string;
  region: string;
  window_id: string;
  window_task_id: string;
  task_type: string;
  task_arn: string;
  /** JSON: the Targets as registered ([{Key, Values}]). */
  targets: string;
  task_parameters: string | null;
  invocation_parameters: string | null;
  logging_info: string | null;
  service_role_arn: string | null;
  priority: number;
  max_concurrency: string | null;
  max_errors: string | null;
  name: string | null;
  description: string | null;
  cutoff_behavior: string;
  client_token: string | null;
  created_at: number;
}

type TaskTables = { maintenance_window_tasks: WindowTaskRow };

const ofWindow = (scope: Scope, windowId: string) => ({ ...scopeColumns(scope), window_id: windowId });

export class WindowTaskStore extends TransactionalStore<TaskTables> {
  async get(scope: Scope, windowId: string, taskId: string): Promise<WindowTaskRow | undefined> {
    return this.db
      .selectFrom("maintenance_window_tasks")
      .selectAll()
      .where((eb) => eb.and({ ...ofWindow(scope, windowId), window_task_id: taskId }))
      .executeTakeFirst();
  }

  /** A window's tasks, by id (a window has at most 20). */
  async list(scope: Scope, windowId: string): Promise<WindowTaskRow[]> {
    return this.db
      .selectFrom("maintenance_window_tasks")
      .selectAll()
      .where((eb) => eb.and(ofWindow(scope, windowId)))
      .orderBy("window_task_id")
      .execute();
  }

  async insert(row: WindowTaskRow): Promise<void> {
    await this.db.insertInto("maintenance_window_tasks").values(row).execute();
  }

  async update(scope: Scope, windowId: string, taskId: string, changes: Partial<WindowTaskRow>): Promise<void> {
    await this.db
      .updateTable("maintenance_window_tasks")
      .set(changes)
      .where((eb) => eb.and({ ...ofWindow(scope, windowId), window_task_id: taskId }))
      .execute();
  }

  async delete(scope: Scope, windowId: string, taskId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("maintenance_window_tasks")
      .where((eb) => eb.and({ ...ofWindow(scope, windowId), window_task_id: taskId }))
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Every task of a window (it is being deleted). */
  async deleteAll(scope: Scope, windowId: string): Promise<void> {
    await this.db
      .deleteFrom("maintenance_window_tasks")
      .where((eb) => eb.and(ofWindow(scope, windowId)))
      .execute();
  }
}
