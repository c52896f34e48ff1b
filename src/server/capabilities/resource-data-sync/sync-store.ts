/** @module Reads and writes of resource data syncs; every query is scoped by the sync's account and Region. */
import { inScope, type Scope } from "../../core/store/scope.ts";
import { TransactionalStore } from "../../core/store/transactional-store.ts";

export interface SyncRow {
  account_id: string;
  region: string;
  sync_name: string;
  sync_type: string;
  destination: string;
  organization_wide: number;
  created_at: number;
  modified_at: number;
  last_status: string | null;
  last_sync_at: number | null;
  last_success_at: number | null;
  last_message: string | null;
}

export interface ObjectRow {
  account_id: string;
  region: string;
  sync_name: string;
  object_key: string;
  stamp: string;
  /** When what the object was written from went away (kept until the retention passes). */
  gone_at: number | null;
}

type Tables = { resource_data_syncs: SyncRow; resource_data_sync_objects: ObjectRow };

export class SyncStore extends TransactionalStore<Tables> {
  async syncs(scope: Scope): Promise<SyncRow[]> {
    return this.db.selectFrom("resource_data_syncs").selectAll().$call(inScope(scope)).orderBy("sync_name").execute();
  }

  /** Every sync of every scope (the writer's round). */
  async allSyncs(): Promise<SyncRow[]> {
    return this.db.selectFrom("resource_data_syncs").selectAll().orderBy("account_id").orderBy("region").orderBy("sync_name").execute();
  }

  async insert(row: SyncRow): Promise<void> {
    await this.db.insertInto("resource_data_syncs").values(row).execute();
  }

  async delete(scope: Scope, syncName: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("resource_data_syncs")
      .$call(inScope(scope))
      .where("sync_name", "=", syncName)
      .executeTakeFirst();
    await this.db.deleteFrom("resource_data_sync_objects").$call(inScope(scope)).where("sync_name", "=", syncName).execute();
    return Number(result.numDeletedRows) > 0;
  }

  async recordRun(
    scope: Scope,
    syncName: string,
    outcome: Pick<SyncRow, "last_status" | "last_sync_at" | "last_message"> & { success: boolean },
  ) {
    await this.db
      .updateTable("resource_data_syncs")
      .set({
        last_status: outcome.last_status,
        last_sync_at: outcome.last_sync_at,
        last_message: outcome.last_message,
        ...(outcome.success ? { last_success_at: outcome.last_sync_at } : {}),
      })
      .$call(inScope(scope))
      .where("sync_name", "=", syncName)
      .execute();
  }

  async objects(scope: Scope, syncName: string): Promise<Map<string, { stamp: string; goneAt: number | null }>> {
    const rows = await this.db
      .selectFrom("resource_data_sync_objects")
      .select(["object_key", "stamp", "gone_at"])
      .$call(inScope(scope))
      .where("sync_name", "=", syncName)
      .execute();
    return new Map(rows.map((r) => [r.object_key, { stamp: r.stamp, goneAt: r.gone_at === null ? null : Number(r.gone_at) }]));
  }

  async saveObject(row: ObjectRow): Promise<void> {
    await this.db
      .insertInto("resource_data_sync_objects")
      .values(row)
      .onConflict((oc) => oc.columns(["account_id", "region", "sync_name", "object_key"]).doUpdateSet({ stamp: row.stamp, gone_at: null }))
      .execute();
  }

  async markGone(scope: Scope, syncName: string, key: string, at: number | null): Promise<void> {
    await this.db
      .updateTable("resource_data_sync_objects")
      .set({ gone_at: at })
      .$call(inScope(scope))
      .where("sync_name", "=", syncName)
      .where("object_key", "=", key)
      .execute();
  }

  async forgetObject(scope: Scope, syncName: string, key: string): Promise<void> {
    await this.db
      .deleteFrom("resource_data_sync_objects")
      .$call(inScope(scope))
      .where("sync_name", "=", syncName)
      .where("object_key", "=", key)
      .execute();
  }
}
