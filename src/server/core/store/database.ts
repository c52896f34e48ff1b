/** @module Opens the control-plane database: SQLite (embedded default) or PostgreSQL, both through Kysely. */
import { chmodSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { FairSqliteDialect } from "./sqlite-dialect.ts";

export type Engine = "sqlite" | "postgres";

/** Every capability extends this with its own tables through `db.withTables<...>()`. */
// biome-ignore lint/complexity/noBannedTypes: Kysely's base for a schema assembled by capabilities.
export type AnyDb = Kysely<{}>;

export interface Database {
  engine: Engine;
  db: AnyDb;
  /** PostgreSQL: the schema Bosun's tables live in. */
  schema?: string;
  close(): Promise<void>;
}

export type DatabaseConfig =
  | { engine: "sqlite"; path: string }
  | { engine: "postgres"; url: string /** Isolates a test run or a tenant of a shared server. */; schema?: string };

// PostgreSQL returns int8 as strings; Bosun stores epoch milliseconds and counts in int8 and wants numbers.
pg.types.setTypeParser(20, (value: string) => Number(value));

function openSqlite(path: string): Database {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const sqlite = new SQLite(path);
  // Owner-only, like the rest of the data folder; SQLite gives the -wal and -shm files the database file's mode.
  chmodSync(path, 0o600);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db: AnyDb = new Kysely({ dialect: new FairSqliteDialect(sqlite) });
  return { engine: "sqlite", db, close: () => db.destroy() };
}

async function openPostgres(url: string, schema: string | undefined): Promise<Database> {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db: AnyDb = new Kysely({ dialect: new PostgresDialect({ pool }) });
  return { engine: "postgres", db, schema: schema ?? "public", close: () => db.destroy() };
}

/** Opens the database the configuration names. Migrations are applied separately (see migrate.ts). */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.engine === "sqlite" ? openSqlite(config.path) : openPostgres(config.url, config.schema);
}
