/** @module Reads and writes of the targets registered with an account's maintenance windows. */
import type { Scope } from "../../core/store/scope.ts";
import { scopeColumns } from "../../core/store/scope.ts";
import { TransactionalStore } from "../../core/store/transactional-store.ts";

export interface WindowTargetRow {
  account_id: string;
  region: string;
  window_id: string;
  window_target_id: string;
  resource_type: string;
  /** JSON: the Targets as registered ([{Key, Values}]). */
  targets: string;
  owner_information: string | null;
  name: string | null;
  description: string | null;
  client_token: string | null;
  created_at: number;
}

type TargetTables = { maintenance_window_targets: WindowTargetRow };

const ofWindow = (scope: Scope, windowId: string) => ({ ...scopeColumns(scope), window_id: windowId });

export class WindowTargetStore extends TransactionalStore<TargetTables> {
  async get(scope: Scope, windowId: string, targetId: string): Promise<WindowTargetRow | undefined> {
    return this.db
      .selectFrom("maintenance_window_targets")
      .selectAll()
      .where((eb) => eb.and({ ...ofWindow(scope, windowId), window_target_id: targetId }))
      .executeTakeFirst();
  }

  /** A window's targets, by id (a window has at most 100). */
  async list(scope: Scope, windowId: string): Promise<WindowTargetRow[]> {
    return this.db
      .selectFrom("maintenance_window_targets")
      .selectAll()
      .where((eb) => eb.and(ofWindow(scope, windowId)))
      .orderBy("window_target_id")
      .execute();
  }

  async insert(row: WindowTargetRow): Promise<void> {
    await this.db.insertInto("maintenance_window_targets").values(row).execute();
  }

  async update(scope: Scope, windowId: string, targetId: string, changes: Partial<WindowTargetRow>): Promise<void> {
    await this.db
      .updateTable("maintenance_window_targets")
      .set(changes)
      .where((eb) => eb.and({ ...ofWindow(scope, windowId), window_target_id: targetId }))
      .execute();
  }

  async delete(scope: Scope, windowId: string, targetId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("maintenance_window_targets")
      .where((eb) => eb.and({ ...ofWindow(scope, windowId), window_target_id: targetId }))
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Every target of a window (it is being deleted). */
  async deleteAll(scope: Scope, windowId: string): Promise<void> {
    await this.db
      .deleteFrom("maintenance_window_targets")
      .where((eb) => eb.and(ofWindow(scope, windowId)))
      .execute();
  }
}
