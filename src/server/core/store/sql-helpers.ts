/** @module Small engine differences kept in one place: binary-ordered text, row locks, constraint violations. */
import { type ColumnDataType, type Expression, type Kysely, PostgresAdapter, sql } from "kysely";

/** Text compared byte-wise on both engines, so keyset pagination and range scans agree on order. */
export function binaryText(db: Kysely<unknown>): ColumnDataType | Expression<unknown> {
  return db.getExecutor().adapter instanceof PostgresAdapter ? sql`text collate "C"` : "text";
}

/** Accepts any Kysely instance, whatever its table types. */
export function isPostgres(db: { getExecutor(): { adapter: unknown } }): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** True for a primary-key or unique violation on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "SQLITE_CONSTRAINT_UNIQUE";
}

/** True for PostgreSQL serialization failures and deadlocks, which the caller may retry. */
export function isConflict(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === "40001" || code === "40P01";
}

const statementTexts = new Map<string, string>();

/**
 * A statement's text, built once per key: multi-row statements are written per row count and engine, and the same
 * text lets the driver reuse its prepared statement.
 */
export function statementText(key: string, build: () => string): string {
  let text = statementTexts.get(key);
  if (text === undefined) {
    text = build();
    statementTexts.set(key, text);
  }
  return text;
}
