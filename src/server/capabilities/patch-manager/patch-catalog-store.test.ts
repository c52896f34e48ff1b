/** The patch catalog on a real SQLite file: versions added once, the first sighting kept, and a bound on its size. */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Database, openDatabase } from "../../core/store/database.ts";
import { migrate } from "../../core/store/migrate.ts";
import { patchManagerMigrations } from "./migrations.ts";
import { type CatalogEntry, PatchCatalogStore } from "./patch-catalog-store.ts";

let dir = "";
let database: Database;
let store: PatchCatalogStore;
const scope = { accountId: "111122223333", region: "us-east-1" };
const entry = (name: string, version: string): CatalogEntry => ({
  name,
  version,
  arch: "all",
  product: "Debian12",
  repository: "bookworm",
  classification: "libs",
  severity: "optional",
  security: 0,
});

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "bosun-catalog-"));
  database = await openDatabase({ engine: "sqlite", path: join(dir, "bosun.db") });
  await migrate(database.db, patchManagerMigrations);
  store = new PatchCatalogStore(database.db);
});
after(async () => {
  await database?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the patch catalog", () => {
  it("adds each version once and keeps when it was first seen", async () => {
    assert.equal(await store.add(scope, "DEBIAN", [entry("a", "1"), entry("a", "1"), entry("b", "1")], 1000), 0);
    assert.equal(await store.add(scope, "DEBIAN", [entry("a", "1"), entry("a", "2")], 2000), 0);
    assert.deepEqual(
      (await store.list(scope, "DEBIAN")).map((r) => [r.name, r.version, r.first_seen]),
      [
        ["a", "1", 1000],
        ["a", "2", 2000],
        ["b", "1", 1000],
      ],
    );
    assert.deepEqual(await store.list({ ...scope, region: "eu-west-1" }), [], "another Region's catalog is its own");
  });

  it("stops growing at its bound, and says how many versions it left out", async () => {
    const left = await store.add(scope, "DEBIAN", [entry("c", "1"), entry("d", "1"), entry("e", "1")], 3000, 4);
    assert.equal(left, 2);
    assert.equal((await store.list(scope, "DEBIAN")).length, 4);
    assert.equal(await store.add(scope, "UBUNTU", [entry("c", "1")], 3000, 4), 0, "each operating system has its own bound");
  });
});
