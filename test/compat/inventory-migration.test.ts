/**
 * @module Decision 009's migration on a real database (SQLite file or PostgreSQL schema): inventory written in the
 * per-entry layout of migrations 001–002 is carried into item contents and the name index, and reads the same after.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { InventoryStore } from "../../src/server/capabilities/inventory/inventory-store.ts";
import { inventoryMigrations } from "../../src/server/capabilities/inventory/migrations.ts";
import { type Database, openDatabase } from "../../src/server/core/store/database.ts";
import { migrate } from "../../src/server/core/store/migrate.ts";
import { postgresUrl, testEngine } from "../kit/test-server.ts";

const scope = { accountId: "111122223333", region: "us-east-1" };
const schema = `t_${randomBytes(6).toString("hex")}`;
let dir: string;
let database: Database;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "bosun-inventory-migration-"));
  database =
    testEngine === "postgres"
      ? await openDatabase({ engine: "postgres", url: postgresUrl, schema })
      : await openDatabase({ engine: "sqlite", path: join(dir, "bosun.db") });
});
after(async () => {
  await database.close();
  if (testEngine === "postgres") {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
  await rm(dir, { recursive: true, force: true });
});

describe("inventory migration 003 (content and name index)", () => {
  it("carries per-entry rows into contents that search and listing read back", async () => {
    const { "inventory-003-content-and-name-index": _later, ...earlier } = inventoryMigrations;
    await migrate(database.db, earlier, database.schema);
    const item = (instance: string) => ({
      account_id: scope.accountId,
      region: scope.region,
      instance_id: instance,
      type_name: "AWS:Application",
      schema_version: "1.1",
      capture_time: "2026-11-01T00:00:00Z",
      content_hash: "h",
      entry_count: 2,
      context: null,
      updated_at: 1,
    });
    const entry = (instance: string, seq: number, attributes: Record<string, string>) => ({
      account_id: scope.accountId,
      region: scope.region,
      instance_id: instance,
      type_name: "AWS:Application",
      seq,
      name: attributes.Name,
      version: attributes.Version,
      scheme: "semver",
      attributes: JSON.stringify(attributes),
    });
    const db = database.db.withTables<Record<string, Record<string, unknown>>>();
    await db
      .insertInto("inventory_items")
      .values([item("mi-00000000000000001"), item("mi-00000000000000002")])
      .execute();
    await db
      .insertInto("inventory_entries")
      .values([
        entry("mi-00000000000000001", 0, { Name: "log4j-core", Version: "2.14.1", Path: "/opt/a/log4j-core.jar" }),
        entry("mi-00000000000000001", 1, { Name: "zlib", Version: "1.2.13" }),
        entry("mi-00000000000000002", 0, { Name: "café", Version: "1" }),
        entry("mi-00000000000000002", 1, { Name: "log4j-core", Version: "2.17.1", Path: "/srv/b/log4j-core.jar" }),
      ])
      .execute();

    await migrate(database.db, inventoryMigrations, database.schema);

    const store = new InventoryStore(database.db);
    const listed = await store.entries(scope, "mi-00000000000000002", "AWS:Application", -1, 50);
    assert.deepEqual(
      listed.map((e) => JSON.parse(e.attributes)),
      [
        { Name: "café", Version: "1" },
        { Name: "log4j-core", Version: "2.17.1", Path: "/srv/b/log4j-core.jar" },
      ],
    );
    const keys = await store.entryKeys(scope, "AWS:Application", { names: ["log4j-core"] });
    assert.deepEqual(
      keys.map((k) => [k.instance_id, k.seq, k.version]),
      [
        ["mi-00000000000000001", 0, "2.14.1"],
        ["mi-00000000000000002", 1, "2.17.1"],
      ],
    );
    const attributes = await store.attributesOf(scope, "AWS:Application", keys);
    assert.equal(JSON.parse(attributes.get("mi-00000000000000001/0") ?? "{}").Path, "/opt/a/log4j-core.jar");
    // A multi-byte name earlier in the content does not shift the byte offsets of later entries.
    assert.equal(JSON.parse(attributes.get("mi-00000000000000002/1") ?? "{}").Path, "/srv/b/log4j-core.jar");
    const prefixed = await store.entryKeys(scope, "AWS:Application", { prefix: "caf" });
    assert.equal(
      JSON.parse((await store.attributesOf(scope, "AWS:Application", prefixed)).get("mi-00000000000000002/0") ?? "{}").Name,
      "café",
    );
    // PostgreSQL lists every schema's tables: only this test's count.
    const tables = (await database.db.introspection.getTables()).filter((t) => t.schema === database.schema);
    assert.ok(!tables.some((t) => t.name === "inventory_entries"), "the per-entry table is gone");
    assert.ok(tables.some((t) => t.name === "inventory_name_postings"));
    const other = await store.entryKeys({ ...scope, accountId: "999988887777" }, "AWS:Application", { names: ["log4j-core"] });
    assert.deepEqual(other, [], "names are per account and Region");
  });
});
