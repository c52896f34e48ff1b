/** @module The patches an account's nodes reported — each package version, installed or offered — per operating system. */
import { inScope, type Scope, scopeColumns } from "../../core/store/scope.ts";
import { TransactionalStore } from "../../core/store/transactional-store.ts";
import type { OperatingSystem } from "./patch-shapes.ts";

export interface CatalogRow {
  account_id: string;
  region: string;
  operating_system: string;
  name: string;
  version: string;
  arch: string;
  product: string;
  repository: string;
  classification: string;
  severity: string;
  security: number;
  first_seen: number;
}

/** The most package versions an account's catalog keeps per operating system and Region. */
export const maxCatalogRows = 200_000;

export type CatalogEntry = Omit<CatalogRow, "account_id" | "region" | "operating_system" | "first_seen">;

export class PatchCatalogStore extends TransactionalStore<{ patch_catalog: CatalogRow }> {
  /**
   * Adds the versions not known yet; one already known keeps when it was first seen. An operating system's catalog
   * stops growing at `maxCatalogRows` (a node reporting made-up packages cannot fill the disk); answers how many
   * versions were left out.
   */
  async add(scope: Scope, os: OperatingSystem, entries: readonly CatalogEntry[], now: number, limit = maxCatalogRows): Promise<number> {
    const held = await this.db
      .selectFrom("patch_catalog")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .$call(inScope(scope))
      .where("operating_system", "=", os)
      .executeTakeFirst();
    const room = Math.max(0, limit - Number(held?.n ?? 0));
    // One row per version and architecture, even when a report names one twice.
    const unique = new Map(entries.map((entry) => [`${entry.name}\n${entry.version}\n${entry.arch}`, entry]));
    const rows = [...unique.values()]
      .slice(0, room)
      .map((entry) => ({ ...scopeColumns(scope), operating_system: os, ...entry, first_seen: now }));
    for (let at = 0; at < rows.length; at += 400)
      await this.db
        .insertInto("patch_catalog")
        .values(rows.slice(at, at + 400))
        .onConflict((oc) => oc.columns(["account_id", "region", "operating_system", "name", "version", "arch"]).doNothing())
        .execute();
    return unique.size - rows.length;
  }

  /** The catalog of one operating system, or of all, by name and version. */
  async list(scope: Scope, os?: OperatingSystem): Promise<CatalogRow[]> {
    return this.db
      .selectFrom("patch_catalog")
      .selectAll()
      .$call(inScope(scope))
      .$if(os !== undefined, (q) => q.where("operating_system", "=", os ?? ""))
      .orderBy("operating_system")
      .orderBy("name")
      .orderBy("version")
      .orderBy("arch")
      .execute();
  }
}
