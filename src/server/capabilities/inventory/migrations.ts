/** @module Inventory tables: one row per (node, type) item, one per entry, and the custom types an account defined. */
import { type Kysely, type Migration, sql } from "kysely";
import { binaryText, isPostgres } from "../../core/store/sql-helpers.ts";

export const inventoryMigrations: Record<string, Migration> = {
  "inventory-001-items-entries-custom-types": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("inventory_items")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("instance_id", "text", (c) => c.notNull())
        .addColumn("type_name", "text", (c) => c.notNull())
        .addColumn("schema_version", "text", (c) => c.notNull())
        .addColumn("capture_time", "text", (c) => c.notNull())
        .addColumn("content_hash", "text", (c) => c.notNull())
        .addColumn("entry_count", "integer", (c) => c.notNull())
        .addColumn("context", "text")
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("inventory_items_pk", ["account_id", "region", "instance_id", "type_name"])
        .execute();
      await db.schema
        .createTable("inventory_entries")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("instance_id", "text", (c) => c.notNull())
        .addColumn("type_name", "text", (c) => c.notNull())
        .addColumn("seq", "integer", (c) => c.notNull())
        // Name and Version are copied out of the entry so fleet search finds "log4j-core" by index, not by scan.
        .addColumn("name", binaryText(db))
        .addColumn("version", "text")
        // How Version orders (dpkg, rpm, semver), from the entry's PackageId: searches compare without parsing the entry.
        .addColumn("scheme", "text")
        // JSON: every attribute of the entry, as put.
        .addColumn("attributes", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("inventory_entries_pk", ["account_id", "region", "instance_id", "type_name", "seq"])
        .execute();
      await db.schema
        .createIndex("inventory_entries_by_name")
        .on("inventory_entries")
        .columns(["account_id", "region", "type_name", "name"])
        .execute();
      await db.schema
        .createTable("inventory_custom_types")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("type_name", "text", (c) => c.notNull())
        .addColumn("schema_version", "text", (c) => c.notNull())
        // JSON: attribute names seen so far (custom values are strings).
        .addColumn("attributes", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("inventory_custom_types_pk", ["account_id", "region", "type_name"])
        .execute();
    },
  },
  "inventory-002-deletions": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("inventory_deletions")
        .addColumn("deletion_id", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("type_name", "text", (c) => c.notNull())
        .addColumn("client_token", "text")
        .addColumn("started_at", "bigint", (c) => c.notNull())
        // JSON: the DeletionSummary (nodes per schema version).
        .addColumn("summary", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("inventory_deletions_by_scope")
        .on("inventory_deletions")
        .columns(["account_id", "region", "started_at"])
        .execute();
      // A disabled custom type keeps its schema but takes no more data until it is put again after DeleteSchema.
      await db.schema
        .alterTable("inventory_custom_types")
        .addColumn("disabled", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  // Decision 009: an item's entries are stored as its content (one row per node and type) and searched through a
  // name dictionary and rows of postings keyed by name id and generation; the per-entry table goes.
  "inventory-003-content-and-name-index": {
    async up(db: Kysely<unknown>) {
      const postgres = isPostgres(db);
      await db.schema
        .createTable("inventory_names")
        .addColumn("name_id", "integer", (c) => (postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey()))
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("type_name", "text", (c) => c.notNull())
        .addColumn("name", binaryText(db), (c) => c.notNull())
        .addUniqueConstraint("inventory_names_by_name", ["account_id", "region", "type_name", "name"])
        .execute();
      await db.schema
        .createTable("inventory_name_postings")
        .addColumn("name_id", "integer", (c) => c.notNull())
        .addColumn("generation", "bigint", (c) => c.notNull())
        // JSON: the postings of the items written in one generation under this name (decision 009).
        .addColumn("postings", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("inventory_name_postings_pk", ["name_id", "generation"])
        .execute();
      await db.schema
        .alterTable("inventory_items")
        .addColumn("generation", "bigint", (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable("inventory_items")
        .addColumn("content", postgres ? "bytea" : "blob")
        .execute();
      if (postgres) {
        await sql`create sequence inventory_generation`.execute(db);
        // Stored uncompressed out of line: a search page reads slices of contents without decompressing them whole.
        await sql`alter table inventory_items alter column content set storage external`.execute(db);
      }
      // Carry existing data over: each item's entries become its content and its name-index rows, written here in
      // plain SQL as the layout stood at this migration (never through the live store, which may change after it).
      await carryEntriesIntoContents(db, postgres);
      await db.schema.dropTable("inventory_entries").execute();
    },
  },
};

/** The version scheme of an entry as migration 003 recorded it: from the package file, semver-like otherwise. */
const schemeAt003 = (entry: Record<string, string>) =>
  entry.PackageId?.endsWith(".deb") ? "dpkg" : entry.PackageId?.endsWith(".rpm") ? "rpm" : "semver";

/**
 * Migration 003's carry-over, frozen: each item's entries (in seq order) become its content — one JSON line per
 * entry — and every named entry a posting of one generation (1) under its name's id. One postings row per name.
 */
async function carryEntriesIntoContents(db: Kysely<unknown>, postgres: boolean): Promise<void> {
  const { rows: items } = await sql<{ account_id: string; region: string; instance_id: string; type_name: string }>`
    select account_id, region, instance_id, type_name from inventory_items`.execute(db);
  const postings = new Map<string, { scope: [string, string, string]; name: string; list: unknown[][] }>();
  for (const item of items) {
    const { rows } = await sql<{ attributes: string }>`select attributes from inventory_entries
      where account_id = ${item.account_id} and region = ${item.region} and instance_id = ${item.instance_id}
      and type_name = ${item.type_name} order by seq`.execute(db);
    const lines = rows.map((r) => JSON.stringify(JSON.parse(r.attributes)));
    let offset = 0;
    lines.forEach((line, seq) => {
      const entry = JSON.parse(line) as Record<string, string>;
      const length = Buffer.byteLength(line);
      if (entry.Name !== undefined) {
        const key = JSON.stringify([item.account_id, item.region, item.type_name, entry.Name]);
        const named = postings.get(key) ?? { scope: [item.account_id, item.region, item.type_name], name: entry.Name, list: [] };
        const version = entry.Version ?? null;
        named.list.push([item.instance_id, seq, version, version === null ? null : schemeAt003(entry), offset, length]);
        postings.set(key, named);
      }
      offset += length + 1;
    });
    await sql`update inventory_items set content = ${Buffer.from(lines.join("\n"))}, generation = 1
      where account_id = ${item.account_id} and region = ${item.region} and instance_id = ${item.instance_id}
      and type_name = ${item.type_name}`.execute(db);
  }
  for (const { scope, name, list } of postings.values()) {
    const [accountId, region, typeName] = scope;
    const { rows } = await sql<{ name_id: number }>`insert into inventory_names (account_id, region, type_name, name)
      values (${accountId}, ${region}, ${typeName}, ${name}) returning name_id`.execute(db);
    await sql`insert into inventory_name_postings (name_id, generation, postings)
      values (${rows[0]?.name_id}, 1, ${JSON.stringify(list)})`.execute(db);
  }
  // The live store draws generations after the ones stored (PostgreSQL from its sequence).
  if (postgres && items.length > 0) await sql`select setval('inventory_generation', 1)`.execute(db);
}
