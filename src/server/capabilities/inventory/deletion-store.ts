/** @module DeleteInventory's records, for DescribeInventoryDeletions and ClientToken replays. */
import { inScope, type Scope } from "../../core/store/scope.ts";
import { TransactionalStore } from "../../core/store/transactional-store.ts";

export interface DeletionRow {
  deletion_id: string;
  account_id: string;
  region: string;
  type_name: string;
  client_token: string | null;
  started_at: number;
  /** JSON: DeleteInventory's DeletionSummary. */
  summary: string;
}

export class DeletionStore extends TransactionalStore<{ inventory_deletions: DeletionRow }> {
  async all(scope: Scope): Promise<DeletionRow[]> {
    return this.db
      .selectFrom("inventory_deletions")
      .selectAll()
      .$call(inScope(scope))
      .orderBy("started_at", "desc")
      .orderBy("deletion_id")
      .execute();
  }

  async record(row: DeletionRow): Promise<void> {
    await this.db.insertInto("inventory_deletions").values(row).execute();
  }
}
