/**
 * @module A catalog row as SSM's Patch, and as the facts the approval rules read (on Debian and Ubuntu the section is the
 * classification and the priority the severity, as the agent reports them).
 */
import type { PatchFacts } from "../../../protocol/patch/approval.ts";
import type { CatalogRow } from "./patch-catalog-store.ts";

export function patchView(row: CatalogRow) {
  return {
    Id: `${row.name}_${row.version}`,
    ReleaseDate: row.first_seen / 1000,
    Title: row.name,
    Name: row.name,
    Version: row.version,
    Arch: row.arch,
    Product: row.product,
    Classification: row.classification,
    Severity: row.severity,
    Repository: row.repository,
  };
}

/** What the approval rules read of a catalog version; its release date is unknown (apt's archives keep none). */
export function factsOfRow(row: CatalogRow): PatchFacts {
  return {
    id: row.name,
    name: row.name,
    version: row.version,
    arch: row.arch,
    product: row.product,
    priority: row.severity,
    section: row.classification,
    repository: row.repository,
    security: row.security === 1,
  };
}
