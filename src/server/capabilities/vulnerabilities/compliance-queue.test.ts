/**
 * The vulnerability-compliance queue on a real SQLite file: nothing is taken while an import keeps queueing (each batch
 * would record every node again), everything once the queue is quiet, and a node that has waited long enough even
 * while it is busy; a node queued again while it was being recorded stays queued, its wait starting again.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Database, openDatabase } from "../../core/store/database.ts";
import { migrate } from "../../core/store/migrate.ts";
import { vulnerabilityMigrations } from "./migrations.ts";
import { VulnerabilityStore } from "./vulnerability-store.ts";

let dir = "";
let database: Database;
let store: VulnerabilityStore;
const scope = { accountId: "111122223333", region: "us-east-1" };
const ids = (rows: { instance_id: string }[]) => rows.map((r) => r.instance_id).sort();

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "bosun-vulnerability-queue-"));
  database = await openDatabase({ engine: "sqlite", path: join(dir, "bosun.db") });
  await migrate(database.db, vulnerabilityMigrations);
  store = new VulnerabilityStore(database.db);
});
after(async () => {
  await database?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the vulnerability-compliance queue", () => {
  it("waits for the queue to be quiet, unless a node has waited past the longest wait", async () => {
    await store.queueCompliance(scope, ["mi-a", "mi-b"], 1_000);
    await store.queueCompliance(scope, ["mi-c"], 5_000);
    await store.queueCompliance(scope, ["mi-a"], 9_000);
    // At 10 s with a 3 s quiet: the last queueing (9 s) is too recent, and nobody was first queued before 0.5 s.
    assert.deepEqual(ids(await store.queued(100, 7_000, 500)), []);
    // Nobody first queued after 1 s has waited long enough yet; a and b were first queued at 1 s (a's requeue kept that).
    assert.deepEqual(ids(await store.queued(100, 7_000, 1_000)), ["mi-a", "mi-b"]);
    // Quiet since 9 s: all of them.
    assert.deepEqual(ids(await store.queued(100, 9_000, 0)), ["mi-a", "mi-b", "mi-c"]);
    assert.equal((await store.queued(2, 9_000, 0)).length, 2, "a pass takes at most its limit");
  });

  it("keeps a node queued again while it was recorded, its wait starting when it was recorded", async () => {
    const taken = await store.queued(100, 9_000, 0);
    await store.queueCompliance(scope, ["mi-b"], 12_000);
    await store.dequeue(taken, 13_000);
    const left = await store.queued(100, 12_000, 20_000);
    assert.deepEqual(ids(left), ["mi-b"]);
    assert.equal(left[0]?.first_queued_at, 13_000);
    assert.deepEqual(ids(await store.queued(100, 11_000, 12_999)), [], "busy, and b has waited only since 13 s");
    await store.dequeue(left, 14_000);
    assert.deepEqual(await store.queued(100, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER), []);
  });
});
