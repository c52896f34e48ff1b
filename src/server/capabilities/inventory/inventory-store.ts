/** @module Reads and writes of inventory; every query is scoped by account and region. */

import { CompiledQuery } from "kysely";
import { BatchWriter } from "../../core/store/batch-writer.ts";
import type { AnyDb } from "../../core/store/database.ts";
import { inScope, type Scope } from "../../core/store/scope.ts";
import { isPostgres, statementText } from "../../core/store/sql-helpers.ts";
import { TransactionalStore } from "../../core/store/transactional-store.ts";
import { CustomTypeStore } from "./custom-type-store.ts";
import { type DeletionRow, DeletionStore } from "./deletion-store.ts";
import { contentLines, type Entry, encodeContent } from "./item-content.ts";
import { type IndexedEntry, NameIndex, NameIndexState, type NameTables, type PackedPosting } from "./name-index.ts";
import { matchVersion, schemeOf } from "./version-order.ts";

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

/** One entry as stored: its node, its position in the item, and its attributes as JSON text. */
export interface EntryRow {
  instance_id: string;
  seq: number;
  attributes: string;
}

/** What the name index alone answers: enough to test Name and Version conditions, and where the entry is. */
export type EntryKey = IndexedEntry;

/** An item row with what is stored beside it: the content, and the generation the name index knows it by. */
interface StoredItemRow extends ItemRow {
  generation: number;
  content: Buffer | null;
}

type Tables = NameTables & { inventory_items: StoredItemRow };

/** The item columns other than the content (listings must not read megabytes per node). */
const itemColumns = [
  "account_id",
  "region",
  "instance_id",
  "type_name",
  "schema_version",
  "capture_time",
  "content_hash",
  "entry_count",
  "context",
  "updated_at",
] as const;

/** Keys per slice statement (8 parameters each). */
const sliceBatch = 200;

/** `select n, substr(content, ...) ... union all ...`: the slices of `count` entries, with the engine's placeholders. */
const sliceText = (count: number, postgres: boolean): string =>
  statementText(`inventory_item_slices:${postgres}:${count}`, () => {
    let p = 0;
    const $ = (type: string) => (postgres ? `$${++p}::${type}` : "?");
    return Array.from(
      { length: count },
      () =>
        `select ${$("int")} as n, substr(content, ${$("int")}, ${$("int")}) as slice from inventory_items where account_id = ${$("text")} and region = ${$("text")} and instance_id = ${$("text")} and type_name = ${$("text")} and generation = ${$("bigint")}`,
    ).join(" union all ");
  });

const namesIn = (content: Buffer | null): string[] =>
  contentLines(content).flatMap((line) => {
    const name = (JSON.parse(line) as Entry).Name;
    return name === undefined ? [] : [name];
  });

/**
 * Inventory items (one per node and type, with their content) and the name index over them; the custom types and the
 * deletion records are their own stores beside it, over the same handle, so a transaction covers all three.
 */
export class InventoryStore extends TransactionalStore<Tables> {
  private writer: BatchWriter<(tx: InventoryStore) => Promise<void>> | undefined;
  private readonly names: NameIndex;
  readonly customTypes: CustomTypeStore;
  readonly deletions: DeletionStore;

  /** `state` (committed name ids, the generation counter) is shared by this store and every store bound from it. */
  constructor(
    db: AnyDb,
    private readonly state = new NameIndexState(),
  ) {
    super(db);
    this.names = new NameIndex(this.db, state);
    this.customTypes = new CustomTypeStore(db);
    this.deletions = new DeletionStore(db);
  }

  protected override boundTo(db: AnyDb): this {
    return new InventoryStore(db, this.state) as this;
  }

  /** Runs `work` in a transaction shared with the other writes submitted meanwhile; settles once committed. */
  writeGrouped(work: (tx: InventoryStore) => Promise<void>): Promise<void> {
    this.writer ??= new BatchWriter(async (batch) => {
      let names: NameIndex | undefined;
      await this.transaction(async (tx) => {
        for (const job of batch) await job(tx);
        await tx.names.flush();
        names = tx.names;
      });
      names?.publish();
    }, 64);
    return this.writer.submit(work);
  }

  async item(scope: Scope, instanceId: string, typeName: string): Promise<ItemRow | undefined> {
    return this.db
      .selectFrom("inventory_items")
      .select(itemColumns)
      .$call(inScope(scope))
      .where("instance_id", "=", instanceId)
      .where("type_name", "=", typeName)
      .executeTakeFirst();
  }

  private async stored(scope: Scope, instanceId: string, typeName: string) {
    return this.db
      .selectFrom("inventory_items")
      .select(["generation", "content"])
      .$call(inScope(scope))
      .where("instance_id", "=", instanceId)
      .where("type_name", "=", typeName)
      .executeTakeFirst();
  }

  /**
   * Replaces a node's item of one type: its row, its content and its name-index rows (written sorted when the
   * grouped transaction ends: call inside `writeGrouped`).
   */
  async replaceItem(item: ItemRow, entries: readonly Entry[], encoded = encodeContent(entries)): Promise<void> {
    const scope = { accountId: item.account_id, region: item.region };
    const existing = await this.stored(scope, item.instance_id, item.type_name);
    // The same entries again (an agent's periodic gathering that found nothing new): the index stays as it is.
    if (existing?.content?.equals(encoded.content)) {
      await this.touchItem(item, item.content_hash);
      return;
    }
    if (existing) await this.names.remove(scope, item.type_name, existing.generation, namesIn(existing.content), item.instance_id);
    const generation = await this.names.generation(async () => {
      const row = await this.db
        .selectFrom("inventory_items")
        .select((eb) => eb.fn.max("generation").as("max"))
        .executeTakeFirst();
      return Number(row?.max ?? 0);
    });
    const { content, lines } = encoded;
    const ids = await this.names.ids(
      scope,
      item.type_name,
      entries.flatMap((e) => (e.Name === undefined ? [] : [e.Name])),
      true,
    );
    for (let seq = 0; seq < entries.length; seq++) {
      const entry = entries[seq] as Entry;
      const slice = lines[seq]?.slice;
      if (entry.Name === undefined || !slice) continue;
      const full = entry.Version === undefined ? undefined : matchVersion(entry);
      this.names.add(ids.get(entry.Name) as number, {
        instance_id: item.instance_id,
        seq,
        version: entry.Version ?? null,
        scheme: entry.Version === undefined ? null : schemeOf(entry),
        offset: slice.offset,
        length: slice.length,
        ...(full !== undefined && full !== entry.Version ? { match_version: full } : {}),
      });
    }
    const row: StoredItemRow = { ...item, generation, content };
    await this.db
      .insertInto("inventory_items")
      .values(row)
      .onConflict((oc) =>
        oc.columns(["account_id", "region", "instance_id", "type_name"]).doUpdateSet({
          schema_version: row.schema_version,
          capture_time: row.capture_time,
          content_hash: row.content_hash,
          entry_count: row.entry_count,
          context: row.context,
          updated_at: row.updated_at,
          generation,
          content,
        }),
      )
      .execute();
  }

  /** Refreshes an item whose content is unchanged (a put with only its ContentHash): capture time and context. */
  async touchItem(item: ItemRow, contentHash?: string): Promise<void> {
    await this.db
      .updateTable("inventory_items")
      .set({
        schema_version: item.schema_version,
        capture_time: item.capture_time,
        context: item.context,
        updated_at: item.updated_at,
        ...(contentHash !== undefined ? { content_hash: contentHash } : {}),
      })
      .$call(inScope({ accountId: item.account_id, region: item.region }))
      .where("instance_id", "=", item.instance_id)
      .where("type_name", "=", item.type_name)
      .execute();
  }

  /** A node's entries of one type after position `afterSeq`, at most `limit`. */
  async entries(scope: Scope, instanceId: string, typeName: string, afterSeq: number, limit: number): Promise<EntryRow[]> {
    const stored = await this.stored(scope, instanceId, typeName);
    const lines = contentLines(stored?.content ?? null);
    const out: EntryRow[] = [];
    for (let seq = Math.max(0, afterSeq + 1); seq < lines.length && out.length < limit; seq++)
      out.push({ instance_id: instanceId, seq, attributes: lines[seq] as string });
    return out;
  }

  /** Removes everything a node reported (it was deregistered): no stale data. */
  async deleteNode(scope: Scope, instanceId: string, within: AnyDb): Promise<void> {
    await this.boundTo(within).deleteNodeItems(scope, instanceId);
  }

  private async deleteNodeItems(scope: Scope, instanceId: string): Promise<void> {
    const items = await this.db
      .selectFrom("inventory_items")
      .select(["type_name", "generation", "content"])
      .$call(inScope(scope))
      .where("instance_id", "=", instanceId)
      .execute();
    for (const item of items) await this.names.remove(scope, item.type_name, item.generation, namesIn(item.content), instanceId);
    await this.db.deleteFrom("inventory_items").$call(inScope(scope)).where("instance_id", "=", instanceId).execute();
  }

  /** Entries whose Name is one of `names` (or starts with `prefix`), from the name index alone; unordered. */
  async entryKeys(scope: Scope, typeName: string, match: { names: readonly string[] } | { prefix: string }): Promise<EntryKey[]> {
    const ids =
      "names" in match
        ? await this.names.ids(scope, typeName, match.names, false)
        : await this.names.idsWithPrefix(scope, typeName, match.prefix);
    return this.names.postings(new Map([...ids].map(([name, id]) => [id, name])));
  }

  /** Which of `names` the index knows for the type in a scope (some node has, or had, an entry so named). */
  async knownNames(scope: Scope, typeName: string, names: readonly string[]): Promise<string[]> {
    return [...(await this.names.ids(scope, typeName, names, false)).keys()];
  }

  /** Visits the entries named one of `names`, as the name index stores them (no object per entry). */
  async forEachEntryKey(
    scope: Scope,
    typeName: string,
    names: readonly string[],
    visit: (name: string, generation: number, posting: PackedPosting) => void,
  ): Promise<void> {
    const ids = await this.names.ids(scope, typeName, names, false);
    await this.names.forEachPosting(new Map([...ids].map(([name, id]) => [id, name])), visit);
  }

  /**
   * The attributes of some entries (a page of search results), keyed `instance/seq`: each read as a slice of its
   * item's content. An entry whose item was rewritten since the keys were read is left out.
   */
  async attributesOf(
    scope: Scope,
    typeName: string,
    keys: readonly Pick<EntryKey, "instance_id" | "seq" | "generation" | "offset" | "length">[],
  ): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const postgres = isPostgres(this.db);
    for (let i = 0; i < keys.length; i += sliceBatch) {
      const batch = keys.slice(i, i + sliceBatch);
      const parameters: unknown[] = [];
      for (const [n, key] of batch.entries())
        parameters.push(n, key.offset + 1, key.length, scope.accountId, scope.region, key.instance_id, typeName, key.generation);
      // One statement per page: a round trip per match would dominate a search on PostgreSQL.
      const { rows } = await this.db.executeQuery<{ n: number; slice: Buffer | string }>(
        CompiledQuery.raw(sliceText(batch.length, postgres), parameters),
      );
      for (const row of rows) {
        const key = batch[Number(row.n)];
        if (key) out.set(`${key.instance_id}/${key.seq}`, row.slice.toString());
      }
    }
    return out;
  }

  /** Deletes a type's data in a scope (and its schema, or marks it disabled); records the deletion. */
  async deleteType(scope: Scope, typeName: string, schema: "keep" | "disable" | "delete", deletion: DeletionRow): Promise<void> {
    await this.transaction(async (tx) => {
      await tx.names.removeType(scope, typeName);
      await tx.db.deleteFrom("inventory_items").$call(inScope(scope)).where("type_name", "=", typeName).execute();
      if (schema === "disable") await tx.customTypes.disable(scope, typeName);
      if (schema === "delete") await tx.customTypes.remove(scope, typeName);
      await tx.deletions.record(deletion);
    });
  }

  /** The scopes in which some node has an item of `typeName`. */
  async scopesWith(typeName: string): Promise<Scope[]> {
    const rows = await this.db
      .selectFrom("inventory_items")
      .select(["account_id", "region"])
      .distinct()
      .where("type_name", "=", typeName)
      .orderBy("account_id")
      .orderBy("region")
      .execute();
    return rows.map((r) => ({ accountId: r.account_id, region: r.region }));
  }

  /** Every item row of a scope (which node has which types), without content. */
  async items(scope: Scope): Promise<ItemRow[]> {
    return this.db.selectFrom("inventory_items").select(itemColumns).$call(inScope(scope)).execute();
  }

  /** Every entry of one type in a scope, or, with `names`, those whose Name is one of them (by the name index). */
  async entriesOfType(scope: Scope, typeName: string, names?: readonly string[]): Promise<EntryRow[]> {
    if (names !== undefined) return this.entriesByKeys(scope, typeName, await this.entryKeys(scope, typeName, { names }));
    const items = await this.db
      .selectFrom("inventory_items")
      .select(["instance_id", "content"])
      .$call(inScope(scope))
      .where("type_name", "=", typeName)
      .orderBy("instance_id")
      .execute();
    return items.flatMap((item) =>
      contentLines(item.content).map((attributes, seq) => ({ instance_id: item.instance_id, seq, attributes })),
    );
  }

  /** The contents of one type for some nodes (GetInventory's candidates and pages), in chunks within parameter limits. */
  async contentsOf(scope: Scope, typeName: string, instanceIds: readonly string[]): Promise<Map<string, Buffer | string | null>> {
    const out = new Map<string, Buffer | string | null>();
    for (let i = 0; i < instanceIds.length; i += 500) {
      const rows = await this.db
        .selectFrom("inventory_items")
        .select(["instance_id", "content"])
        .$call(inScope(scope))
        .where("type_name", "=", typeName)
        .where("instance_id", "in", instanceIds.slice(i, i + 500))
        .execute();
      for (const row of rows) out.set(row.instance_id, row.content);
    }
    return out;
  }

  /** Entries of one type whose Name starts with `prefix` (a range of the name dictionary). */
  async entriesOfTypeNamePrefix(scope: Scope, typeName: string, prefix: string): Promise<EntryRow[]> {
    return this.entriesByKeys(scope, typeName, await this.entryKeys(scope, typeName, { prefix }));
  }

  private async entriesByKeys(scope: Scope, typeName: string, keys: EntryKey[]): Promise<EntryRow[]> {
    const attributes = await this.attributesOf(scope, typeName, keys);
    return keys.flatMap((key) => {
      const json = attributes.get(`${key.instance_id}/${key.seq}`);
      return json === undefined ? [] : [{ instance_id: key.instance_id, seq: key.seq, attributes: json }];
    });
  }
}
