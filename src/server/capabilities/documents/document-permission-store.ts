/**
 * @module Who a document is shared with (ModifyDocumentPermission): one row per account, or `all` for every account of
 * this server, each with the version it may use ($DEFAULT, $LATEST or $ALL).
 */
import type { AnyDb } from "../../core/store/database.ts";
import { type Scope, scopeColumns } from "../../core/store/scope.ts";
import { TransactionalStore } from "../../core/store/transactional-store.ts";

export interface PermissionRow {
  account_id: string;
  region: string;
  name: string;
  /** A 12-digit account id, or `all`. */
  shared_with: string;
  shared_version: string;
}

/** The account id a share names, as stored: `All` in any case is `all`. */
export const shareKey = (accountId: string): string => (accountId.toLowerCase() === "all" ? "all" : accountId);

export class DocumentPermissionStore extends TransactionalStore<{ document_permissions: PermissionRow }> {
  async list(scope: Scope, name: string): Promise<PermissionRow[]> {
    return this.db
      .selectFrom("document_permissions")
      .selectAll()
      .where((eb) => eb.and({ ...scopeColumns(scope), name }))
      .orderBy("shared_with")
      .execute();
  }

  async add(scope: Scope, name: string, accounts: readonly string[], sharedVersion: string): Promise<void> {
    for (const account of accounts)
      await this.db
        .insertInto("document_permissions")
        .values({ ...scopeColumns(scope), name, shared_with: shareKey(account), shared_version: sharedVersion })
        .onConflict((oc) => oc.columns(["account_id", "region", "name", "shared_with"]).doUpdateSet({ shared_version: sharedVersion }))
        .execute();
  }

  async remove(scope: Scope, name: string, accounts: readonly string[]): Promise<void> {
    if (accounts.length === 0) return;
    await this.db
      .deleteFrom("document_permissions")
      .where((eb) => eb.and({ ...scopeColumns(scope), name }))
      .where("shared_with", "in", accounts.map(shareKey))
      .execute();
  }

  /** Every share of a document (it is deleted); `within` joins the caller's transaction. */
  async removeAll(scope: Scope, name: string, within?: AnyDb): Promise<void> {
    const db = within ? within.withTables<{ document_permissions: PermissionRow }>() : this.db;
    await db
      .deleteFrom("document_permissions")
      .where((eb) => eb.and({ ...scopeColumns(scope), name }))
      .execute();
  }

  /** The version `caller` may use of the owner's document, when it is shared with it (or with all). */
  async shareFor(owner: Scope, name: string, caller: string): Promise<string | undefined> {
    const rows = await this.db
      .selectFrom("document_permissions")
      .select(["shared_with", "shared_version"])
      .where((eb) => eb.and({ ...scopeColumns(owner), name }))
      .where("shared_with", "in", [caller, "all"])
      .execute();
    // A share with the account itself says more than a share with all.
    return (rows.find((r) => r.shared_with === caller) ?? rows[0])?.shared_version;
  }

  /**
   * Other accounts' documents in the caller's Region shared with it (or with all). The caller's scope is the grantee
   * here, not the owner, so the Region is matched on the rows (few: shares with one account, and five per account with
   * all).
   */
  async sharedWith(caller: Scope): Promise<PermissionRow[]> {
    const rows = await this.db
      .selectFrom("document_permissions")
      .selectAll()
      .where("shared_with", "in", [caller.accountId, "all"])
      .orderBy("name")
      .orderBy("account_id")
      .execute();
    return rows.filter((row) => row.region === caller.region && row.account_id !== caller.accountId);
  }

  /** How many of the scope's documents are shared with all (SSM allows five). */
  async publicCount(scope: Scope): Promise<number> {
    const rows = await this.db
      .selectFrom("document_permissions")
      .select("name")
      .where((eb) => eb.and(scopeColumns(scope)))
      .where("shared_with", "=", "all")
      .execute();
    return rows.length;
  }
}
