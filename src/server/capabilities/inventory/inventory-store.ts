/** @module Reads and writes of inventory; every query is scoped by account and region. */
import type { AnyDb } from "../../core/store/database.ts";
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
  attributes: string;
}

export interface CustomTypeRow {
  account_id: string;
  region: string;
  type_name: string;
  schema_version: string;
  attributes: string;
  created_at: number;
}

type Tables = { inventory_items: ItemRow; inventory_entries: EntryRow; inventory_custom_types: CustomTypeRow };

/** Rows per multi-row insert: 8 columns each, well inside every engine's parameter limit. */
const insertBatch = 500;

export class InventoryStore extends TransactionalStore<Tables> {
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
    await this.db
      .deleteFrom("inventory_entries")
      .where("account_id", "=", key.account_id)
      .where("region", "=", key.region)
      .where("instance_id", "=", key.instance_id)
      .where("type_name", "=", key.type_name)
      .execute();
    for (let i = 0; i < entries.length; i += insertBatch)
      await this.db
        .insertInto("inventory_entries")
        .values(entries.slice(i, i + insertBatch).map((e) => ({ ...key, ...e })))
        .execute();
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
    return this.entriesQuery(scope, typeName)
      .$if(names !== undefined, (q) => q.where("name", "in", [...(names ?? [])]))
      .orderBy("instance_id")
      .orderBy("seq")
      .execute();
  }

  /** Entries of one type whose Name starts with `prefix` (a range on the name index). */
  async entriesOfTypeNamePrefix(scope: Scope, typeName: string, prefix: string): Promise<EntryRow[]> {
    return this.entriesQuery(scope, typeName)
      .where("name", ">=", prefix)
      .where("name", "<", `${prefix}\u{10FFFF}`)
      .orderBy("instance_id")
      .orderBy("seq")
      .execute();
  }
}
