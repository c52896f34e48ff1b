/**
 * @module The tables of an inventory lake, named and shaped as Athena sees them after a Glue crawl of a resource data
 * sync bucket: one table per type folder (`AWS:Application` → `aws_application`), the type's attributes and the three
 * per-line fields as strings, and the `accountid`, `region` and `resourcetype` partition columns of the key layout.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { builtinTypeNamed, builtinTypes } from "../protocol/inventory-types.ts";

export const partitionColumns = ["accountid", "region", "resourcetype"] as const;
/** What the sync adds to every line (sync-layout.ts). */
export const lineColumns = ["resourceId", "captureTime", "schemaVersion"] as const;

export interface LakeTable {
  /** `aws_application` */
  name: string;
  /** `AWS:Application`: the folder under the prefix */
  typeName: string;
  /** Attribute columns, then the per-line fields; partition columns come from the path. */
  columns: string[] | undefined;
}

/** Athena's name for a type's table: lower case, `:` as `_` (what a Glue crawler makes of the folder name). */
export const tableName = (typeName: string): string => typeName.toLowerCase().replace(/[^a-z0-9_]/g, "_");

/** The columns of a known type; a custom type's columns are read from its lines (undefined). */
export function columnsOf(typeName: string): string[] | undefined {
  const known = builtinTypeNamed.get(typeName);
  return known ? [...Object.keys(known.attributes), ...lineColumns] : undefined;
}

export const lakeTable = (typeName: string): LakeTable => ({ name: tableName(typeName), typeName, columns: columnsOf(typeName) });

/** The type folders (`AWS:*`, `Custom:*`) under a lake's root; none when the folder does not exist yet. */
export async function typeFolders(root: string): Promise<string[]> {
  try {
    const entries = await readdir(root, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() && /^(AWS|Custom):[A-Za-z0-9_.-]+$/.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/**
 * The account partitions a type folder holds that hold data (a `region=` partition; an account with only the sync's
 * `test.json` marker has none), optionally only those of the given accounts.
 */
export async function accountFolders(root: string, typeName: string, accounts?: ReadonlySet<string>): Promise<string[]> {
  const entries = await readdir(join(root, typeName), { withFileTypes: true });
  const folders = entries
    .filter((e) => e.isDirectory() && /^accountid=\d{12}$/.test(e.name))
    .filter((e) => !accounts || accounts.has(e.name.slice("accountid=".length)))
    .map((e) => join(root, typeName, e.name));
  const withData = await Promise.all(
    folders.map(async (folder) =>
      (await readdir(folder, { withFileTypes: true })).some((e) => e.isDirectory() && e.name.startsWith("region=")),
    ),
  );
  return folders.filter((_, i) => withData[i]).sort();
}

/** Every type a lake may hold, for the DDL: the built-in ones and any custom type found in the folder. */
export async function ddlTypes(root: string | undefined): Promise<string[]> {
  const found = root ? await typeFolders(root) : [];
  return [...new Set([...builtinTypes.map((t) => t.typeName), ...found])].sort();
}
