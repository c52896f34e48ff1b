/** @module Every row of some tables, as text: a bad-input test compares it before and after its calls (nothing changed). */
import { sql } from "kysely";
import type { TestServer } from "./test-server.ts";

export async function tablesSnapshot(t: TestServer, tables: readonly string[]): Promise<string> {
  const db = t.server.services.database.db;
  const parts = [];
  for (const table of tables) {
    const rows = await sql`select * from ${sql.table(table)}`.execute(db);
    parts.push(JSON.stringify(rows.rows.map((r) => JSON.stringify(r)).sort()));
  }
  return parts.join("\n");
}
