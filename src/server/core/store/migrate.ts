/** @module Applies every capability's versioned migrations at start, on either engine. */
import { type Migration, Migrator } from "kysely";
import type { AnyDb } from "./database.ts";

/** A capability's migrations, named `<capability>-<NNN>-<what>` so names never collide across capabilities. */
export type NamedMigrations = Record<string, Migration>;

/** Applies what has not been applied yet; throws with the failing migration's name. */
export async function migrate(db: AnyDb, migrations: NamedMigrations, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    // Kysely looks for its tables in every schema unless told which: another schema's tables must not count.
    ...(schema ? { migrationTableSchema: schema } : {}),
    provider: { getMigrations: async () => migrations },
    // Capabilities add migrations independently, so a new one may sort before one already applied.
    allowUnorderedMigrations: true,
    migrationTableName: "bosun_migration",
    migrationLockTableName: "bosun_migration_lock",
  });
  let outcome = await migrator.migrateToLatest();
  // Kysely looks for its migration tables through PostgreSQL's catalog across all schemas; a schema another server
  // drops at that moment (tests do, each in its own) fails the lookup, naming the schema or one of its tables. That is
  // not ours to fail on: look again.
  for (let attempt = 1; attempt < 3 && outcome.error && droppedElsewhere(outcome.error, schema); attempt++)
    outcome = await migrator.migrateToLatest();
  const { error, results } = outcome;
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * True when `error` is PostgreSQL's "schema ... does not exist" or "relation "<schema>.<table>" does not exist" about
 * a schema other than ours: the catalog lookup met another server's schema while that server dropped it.
 */
export function droppedElsewhere(error: unknown, schema: string | undefined): boolean {
  const message = error instanceof Error ? error.message : String(error);
  const missing = /schema "([^"]+)" does not exist/.exec(message)?.[1] ?? /relation "([^".]+)\.[^"]+" does not exist/.exec(message)?.[1];
  return missing !== undefined && missing !== schema;
}
