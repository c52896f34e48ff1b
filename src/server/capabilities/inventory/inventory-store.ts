/** @module Reads and writes of inventory; every query is scoped by account and region. */
import { CompiledQuery } from "kysely";
import { BatchWriter } from "../../core/store/batch-writer.ts";
import type { AnyDb } from "../../core/store/database.ts";
import { isPostgres } from "../../core/store/sql-helpers.ts";
import { TransactionalStore } from "../../core/store/transactional-store.ts";

export interface Scope {
  accountId: string;
  region: string;
}

export interface ItemRow {
  account_id: string;
  region: string;
  instance_id: string;
  type_name: string;
  schema_version: string;
  capture_time: string;
  content_hash: string;
  entry_count: number;
  context: string | null;
  updated_at: number;
}

export interface EntryRow {
  account_id: string;
  region: string;
  instance_id: string;
  type_name: string;
  seq: number;
  name: string | null;
  version: string | null;
  scheme: string | null;
  attributes: string;
}

/** What the name index alone answers: enough to test Name and Version conditions. */
export type EntryKey = Pick<EntryRow, "instance_id" | "seq" | "name" | "version" | "scheme">;

export interface CustomTypeRow {
  account_id: string;
  region: string;
  type_name: string;
  schema_version: string;
  attributes: string;
  created_at: number;
  disabled?: number;
}

export interface DeletionRow {
  deletion_id: string;
  account_id: string;
  region: string;
  type_name: string;
  client_token: string | null;
  started_at: number;
  summary: string;
}

type Tables = {
  inventory_items: ItemRow;
  inventory_entries: EntryRow;
  inventory_custom_types: CustomTypeRow;
  inventory_deletions: DeletionRow;
};

/** Rows per multi-row insert: 8 columns each, well inside every engine's parameter limit. */
const insertBatch = 500;
const entryColumns = ["account_id", "region", "instance_id", "type_name", "seq", "name", "version", "scheme", "attributes"];
const insertTexts = new Map<string, string>();

/** `insert into inventory_entries (...) values (...), ...` for `rows` rows, with the engine's placeholders. */
function insertEntriesText(rows: number, postgres: boolean): string {
  const key = `${postgres}:${rows}`;
  let text = insertTexts.get(key);
  if (!text) {
    let n = 0;
    const tuple = () => `(${entryColumns.map(() => (postgres ? `$${++n}` : "?")).join(", ")})`;
    text = `insert into inventory_entries (${entryColumns.join(", ")}) values ${Array.from({ length: rows }, tuple).join(", ")}`;
    insertTexts.set(key, text);
  }
  return text;
}

/** Entries in (node, position) order; sorted here so the name index, not the primary key, serves the query. */
const inNodeOrder = <R extends { instance_id: string; seq: number }>(rows: R[]): R[] =>
  rows.sort((a, b) => (a.instance_id < b.instance_id ? -1 : a.instance_id > b.instance_id ? 1 : a.seq - b.seq));

export class InventoryStore extends TransactionalStore<Tables> {
  private writer: BatchWriter<(tx: InventoryStore) => Promise<void>> | undefined;

  /** Runs `work` in a transaction shared with the other writes submitted meanwhile; settles once committed. */
  writeGrouped(work: (tx: InventoryStore) => Promise<void>): Promise<void> {
    this.writer ??= new BatchWriter(
      (batch) =>
        this.transaction(async (tx) => {
          for (const job of batch) await job(tx);
        }),
      64,
    );
    return this.writer.submit(work);
  }

  async item(scope: Scope, instanceId: string, typeName: string): Promise<ItemRow | undefined> {
    return this.db
      .selectFrom("inventory_items")
      .selectAll()
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("instance_id", "=", instanceId)
      .where("type_name", "=", typeName)
      .executeTakeFirst();
  }

  /** Replaces a node's item of one type: its row and all its entries. */
  async replaceItem(
    item: ItemRow,
    entries: readonly Omit<EntryRow, "account_id" | "region" | "instance_id" | "type_name">[],
  ): Promise<void> {
    const key = { account_id: item.account_id, region: item.region, instance_id: item.instance_id, type_name: item.type_name };
    // A node's first put of a type has nothing to replace: skipping the delete keeps the first fleet-wide ingest
    // from scanning (PostgreSQL plans on stale statistics while the table grows from empty).
    const existing = await this.item({ accountId: item.account_id, region: item.region }, item.instance_id, item.type_name);
    if (existing)
      await this.db
        .deleteFrom("inventory_entries")
        .where("account_id", "=", key.account_id)
        .where("region", "=", key.region)
        .where("instance_id", "=", key.instance_id)
        .where("type_name", "=", key.type_name)
        .execute();
    for (let i = 0; i < entries.length; i += insertBatch) {
      const batch = entries.slice(i, i + insertBatch);
      const parameters = batch.flatMap((e) => [
        key.account_id,
        key.region,
        key.instance_id,
        key.type_name,
        e.seq,
        e.name,
        e.version,
        e.scheme,
        e.attributes,
      ]);
      // A prepared text per batch size: building 500 rows through the query builder costs more than writing them.
      await this.db.executeQuery(CompiledQuery.raw(insertEntriesText(batch.length, isPostgres(this.db)), parameters));
    }
    await this.upsertItem(item);
  }

  /** Writes the item row only (an unchanged content with a new capture time). */
  async upsertItem(item: ItemRow): Promise<void> {
    await this.db
      .insertInto("inventory_items")
      .values(item)
      .onConflict((oc) =>
        oc.columns(["account_id", "region", "instance_id", "type_name"]).doUpdateSet({
          schema_version: item.schema_version,
          capture_time: item.capture_time,
          content_hash: item.content_hash,
          entry_count: item.entry_count,
          context: item.context,
          updated_at: item.updated_at,
        }),
      )
      .execute();
  }

  async entries(scope: Scope, instanceId: string, typeName: string, afterSeq: number, limit: number): Promise<EntryRow[]> {
    return this.db
      .selectFrom("inventory_entries")
      .selectAll()
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("instance_id", "=", instanceId)
      .where("type_name", "=", typeName)
      .where("seq", ">", afterSeq)
      .orderBy("seq")
      .limit(limit)
      .execute();
  }

  async customTypes(scope: Scope): Promise<CustomTypeRow[]> {
    return this.db
      .selectFrom("inventory_custom_types")
      .selectAll()
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .orderBy("type_name")
      .execute();
  }

  async saveCustomType(row: CustomTypeRow): Promise<void> {
    await this.db
      .insertInto("inventory_custom_types")
      .values(row)
      .onConflict((oc) =>
        oc.columns(["account_id", "region", "type_name"]).doUpdateSet({ schema_version: row.schema_version, attributes: row.attributes }),
      )
      .execute();
  }

  /** Entries of one type in a scope: the base of the fleet-wide queries. */
  private entriesQuery(scope: Scope, typeName: string) {
    return this.db
      .selectFrom("inventory_entries")
      .selectAll()
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("type_name", "=", typeName);
  }

  /** Removes everything a node reported (it was deregistered): no stale data. */
  async deleteNode(scope: Scope, instanceId: string, within: AnyDb): Promise<void> {
    const db = within.withTables<Tables>();
    for (const table of ["inventory_entries", "inventory_items"] as const)
      await db
        .deleteFrom(table)
        .where("account_id", "=", scope.accountId)
        .where("region", "=", scope.region)
        .where("instance_id", "=", instanceId)
        .execute();
  }

  /** Entries whose Name is one of `names` (or starts with `prefix`), read from the covering name index alone. */
  async entryKeys(scope: Scope, typeName: string, match: { names: readonly string[] } | { prefix: string }): Promise<EntryKey[]> {
    let q = this.db
      .selectFrom("inventory_entries")
      .select(["instance_id", "seq", "name", "version", "scheme"])
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("type_name", "=", typeName);
    q =
      "names" in match
        ? q.where("name", "in", [...match.names])
        : q.where("name", ">=", match.prefix).where("name", "<", `${match.prefix}\u{10FFFF}`);
    return inNodeOrder(await q.execute());
  }

  /** The attributes of a few entries (a page of search results), by key: one primary-key lookup per node. */
  async attributesOf(scope: Scope, typeName: string, keys: readonly { instance_id: string; seq: number }[]): Promise<Map<string, string>> {
    const byNode = new Map<string, number[]>();
    for (const key of keys) byNode.set(key.instance_id, [...(byNode.get(key.instance_id) ?? []), key.seq]);
    const out = new Map<string, string>();
    for (const [instanceId, seqs] of byNode) {
      const rows = await this.db
        .selectFrom("inventory_entries")
        .select(["seq", "attributes"])
        .where("account_id", "=", scope.accountId)
        .where("region", "=", scope.region)
        .where("instance_id", "=", instanceId)
        .where("type_name", "=", typeName)
        .where("seq", "in", seqs)
        .execute();
      for (const row of rows) out.set(`${instanceId}/${row.seq}`, row.attributes);
    }
    return out;
  }

  /** Deletes a type's data in a scope (and its schema, or marks it disabled); records the deletion. */
  async deleteType(scope: Scope, typeName: string, schema: "keep" | "disable" | "delete", deletion: DeletionRow): Promise<void> {
    await this.transaction(async (tx) => {
      for (const table of ["inventory_entries", "inventory_items"] as const)
        await tx.db
          .deleteFrom(table)
          .where("account_id", "=", scope.accountId)
          .where("region", "=", scope.region)
          .where("type_name", "=", typeName)
          .execute();
      if (schema === "disable")
        await tx.db
          .updateTable("inventory_custom_types")
          .set({ disabled: 1 })
          .where("account_id", "=", scope.accountId)
          .where("region", "=", scope.region)
          .where("type_name", "=", typeName)
          .execute();
      if (schema === "delete")
        await tx.db
          .deleteFrom("inventory_custom_types")
          .where("account_id", "=", scope.accountId)
          .where("region", "=", scope.region)
          .where("type_name", "=", typeName)
          .execute();
      await tx.db.insertInto("inventory_deletions").values(deletion).execute();
    });
  }

  async deletions(scope: Scope): Promise<DeletionRow[]> {
    return this.db
      .selectFrom("inventory_deletions")
      .selectAll()
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .orderBy("started_at", "desc")
      .orderBy("deletion_id")
      .execute();
  }

  /** Every item row of a scope (which node has which types). */
  async items(scope: Scope): Promise<ItemRow[]> {
    return this.db
      .selectFrom("inventory_items")
      .selectAll()
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .execute();
  }

  /** Every entry of one type in a scope, optionally only those whose Name is one of `names` (by index). */
  async entriesOfType(scope: Scope, typeName: string, names?: readonly string[]): Promise<EntryRow[]> {
    if (names === undefined) return this.entriesQuery(scope, typeName).orderBy("instance_id").orderBy("seq").execute();
    return inNodeOrder(
      await this.entriesQuery(scope, typeName)
        .where("name", "in", [...names])
        .execute(),
    );
  }

  /** Entries of one type whose Name starts with `prefix` (a range on the name index). */
  async entriesOfTypeNamePrefix(scope: Scope, typeName: string, prefix: string): Promise<EntryRow[]> {
    return inNodeOrder(
      await this.entriesQuery(scope, typeName).where("name", ">=", prefix).where("name", "<", `${prefix}\u{10FFFF}`).execute(),
    );
  }
}
