/** @module Every row of every table of a test server's PostgreSQL schema, as text: where a leaked secret would show. */
import { sql } from "kysely";
import type { TestServer } from "./test-server.ts";

export async function postgresRowsText(t: TestServer): Promise<string> {
  const db = t.server.services.database.db;
  const tables = await sql<{
    table_name: string;
  }>`select table_name from information_schema.tables where table_schema = current_schema()`.execute(db);
  const rows = await Promise.all(
    tables.rows.map((r) => sql<{ row: string }>`select t::text as row from ${sql.table(r.table_name)} t`.execute(db)),
  );
  return rows.flatMap((r) => r.rows.map((row) => row.row)).join("\n");
}
