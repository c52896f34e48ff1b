import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { type Database, openDatabase } from "./database.ts";

let dir: string;
let database: Database;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "bosun-sqlite-"));
  database = await openDatabase({ engine: "sqlite", path: join(dir, "t.db") });
  await sql`create table counter (id integer primary key, n integer not null)`.execute(database.db);
  await sql`insert into counter values (1, 0)`.execute(database.db);
});
after(async () => {
  await database.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the fair SQLite driver", () => {
  it("serves waiting queries in the order they asked", async () => {
    const order: number[] = [];
    await Promise.all(Array.from({ length: 50 }, (_, i) => sql`select ${i} as i`.execute(database.db).then(() => order.push(i))));
    assert.deepEqual(
      order,
      Array.from({ length: 50 }, (_, i) => i),
    );
  });

  it("keeps concurrent read-modify-write transactions from interleaving", async () => {
    const db = database.db.withTables<{ counter: { id: number; n: number } }>();
    await Promise.all(
      Array.from({ length: 40 }, () =>
        db.transaction().execute(async (trx) => {
          const row = await trx.selectFrom("counter").select("n").where("id", "=", 1).executeTakeFirstOrThrow();
          await new Promise((resolve) => setImmediate(resolve));
          await trx
            .updateTable("counter")
            .set({ n: row.n + 1 })
            .where("id", "=", 1)
            .execute();
        }),
      ),
    );
    assert.equal((await db.selectFrom("counter").select("n").executeTakeFirstOrThrow()).n, 40);
  });

  it("rolls back a failed transaction and keeps serving", async () => {
    const db = database.db.withTables<{ counter: { id: number; n: number } }>();
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.updateTable("counter").set({ n: -1 }).where("id", "=", 1).execute();
        throw new Error("boom");
      }),
      /boom/,
    );
    assert.equal((await db.selectFrom("counter").select("n").executeTakeFirstOrThrow()).n, 40);
  });

  it("runs in WAL mode with synchronous=FULL", async () => {
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db);
    const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(database.db);
    assert.equal(mode.rows[0]?.journal_mode, "wal");
    assert.equal(sync.rows[0]?.synchronous, 2);
  });
});
