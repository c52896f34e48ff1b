/** @module Reads and writes of an account's maintenance windows, in one Region. */
import { inScope, type Scope, scopeColumns } from "../../core/store/scope.ts";
import { TransactionalStore } from "../../core/store/transactional-store.ts";

export interface WindowRow {
  account_id: string;
  region: string;
  window_id: string;
  name: string;
  description: string | null;
  schedule: string;
  schedule_timezone: string | null;
  schedule_offset: number | null;
  start_date: string | null;
  end_date: string | null;
  duration: number;
  cutoff: number;
  allow_unassociated_targets: number;
  enabled: number;
  client_token: string | null;
  schedule_set_at: number;
  created_at: number;
  modified_at: number;
}

type WindowTables = { maintenance_windows: WindowRow };

const ofWindow = (scope: Scope, windowId: string) => ({ ...scopeColumns(scope), window_id: windowId });

export class WindowStore extends TransactionalStore<WindowTables> {
  async get(scope: Scope, windowId: string): Promise<WindowRow | undefined> {
    return this.db
      .selectFrom("maintenance_windows")
      .selectAll()
      .where((eb) => eb.and(ofWindow(scope, windowId)))
      .executeTakeFirst();
  }

  async withClientToken(scope: Scope, token: string): Promise<WindowRow | undefined> {
    return this.db
      .selectFrom("maintenance_windows")
      .selectAll()
      .where((eb) => eb.and({ ...scopeColumns(scope), client_token: token }))
      .executeTakeFirst();
  }

  /** Every window of a scope, by id (an account has at most 50). */
  async list(scope: Scope): Promise<WindowRow[]> {
    return this.db.selectFrom("maintenance_windows").selectAll().$call(inScope(scope)).orderBy("window_id").execute();
  }

  async count(scope: Scope): Promise<number> {
    const row = await this.db
      .selectFrom("maintenance_windows")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .$call(inScope(scope))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async insert(row: WindowRow): Promise<void> {
    await this.db.insertInto("maintenance_windows").values(row).execute();
  }

  async update(scope: Scope, windowId: string, changes: Partial<Omit<WindowRow, "account_id" | "region" | "window_id">>): Promise<void> {
    await this.db
      .updateTable("maintenance_windows")
      .set(changes)
      .where((eb) => eb.and(ofWindow(scope, windowId)))
      .execute();
  }

  async delete(scope: Scope, windowId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("maintenance_windows")
      .where((eb) => eb.and(ofWindow(scope, windowId)))
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
