import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { openDatabase } from "../store/database.ts";
import { jobLock, lockKey } from "./job-lock.ts";

const postgresUrl = process.env.BOSUN_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const onPostgres = process.env.BOSUN_TEST_ENGINE === "postgres";

describe("jobLock", () => {
  it("gives each job name its own stable key", () => {
    assert.equal(lockKey("a"), lockKey("a"));
    assert.notEqual(lockKey("a"), lockKey("b"));
  });

  it("lets one of two replicas sharing PostgreSQL run a job at a time, and frees the lock after", {
    skip: onPostgres ? undefined : "runs in the PostgreSQL pass",
  }, async () => {
    const schema = `lock_${randomBytes(6).toString("hex")}`;
    const [one, two] = [
      await openDatabase({ engine: "postgres", url: postgresUrl, schema }),
      await openDatabase({ engine: "postgres", url: postgresUrl, schema }),
    ];
    try {
      let running = 0;
      let most = 0;
      const job = async () => {
        running++;
        most = Math.max(most, running);
        await sleep(300);
        running--;
        return "ran";
      };
      const results = await Promise.all([jobLock(one)("sweep", job), jobLock(two)("sweep", job)]);
      assert.deepEqual(results.filter((r) => r === "ran").length, 1);
      assert.equal(most, 1);
      assert.equal(await jobLock(two)("sweep", job), "ran", "the lock ends with the run");
      assert.deepEqual(
        await Promise.all([jobLock(one)("a", job), jobLock(two)("b", job)]),
        ["ran", "ran"],
        "different jobs do not block each other",
      );
    } finally {
      await one.close();
      await two.close();
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });

  it("runs every time on SQLite, where there is one process", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bosun-lock-"));
    const database = await openDatabase({ engine: "sqlite", path: join(dir, "t.db") });
    try {
      assert.deepEqual(await Promise.all([jobLock(database)("x", async () => 1), jobLock(database)("x", async () => 2)]), [1, 2]);
    } finally {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
