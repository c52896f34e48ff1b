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
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
