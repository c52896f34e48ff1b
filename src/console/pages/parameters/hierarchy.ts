/** @module Parameter Store's hierarchy as the console browses it: one level of a path at a time, and its breadcrumbs. */
import type { ParameterMetadata } from "@aws-sdk/client-ssm";
import type { Item } from "../../components/items-table.tsx";
import { href } from "../../route.ts";

/** The folders and parameters directly under `path` ("/" holds names without a leading slash too). */
export function level(parameters: readonly ParameterMetadata[], path: string): Item[] {
  const base = path.endsWith("/") ? path : `${path}/`;
  const folders = new Map<string, number>();
  const here: Item[] = [];
  for (const p of parameters) {
    const name = p.Name ?? "";
    const inside = name.startsWith(base) ? name.slice(base.length) : base === "/" && !name.startsWith("/") ? name : undefined;
    if (inside === undefined) continue;
    const slash = inside.indexOf("/");
    if (slash > 0) {
      const folder = `${base}${inside.slice(0, slash)}`;
      folders.set(folder, (folders.get(folder) ?? 0) + 1);
    } else {
      here.push(parameterItem(p));
    }
  }
  const folderItems = [...folders].map(([folder, count]) => ({ Name: folder, Kind: "folder", Type: `Folder (${count})` }));
  return [...folderItems.sort((a, b) => a.Name.localeCompare(b.Name)), ...here];
}

/** Every parameter, whatever its level: what a search looks through ("password" finds /app/db/password from the root). */
export function everyParameter(parameters: readonly ParameterMetadata[]): Item[] {
  return parameters.map(parameterItem);
}

/** A parameter as a row of the listing. */
function parameterItem(p: ParameterMetadata): Item {
  return {
    Name: p.Name ?? "",
    Kind: "parameter",
    Type: p.Type,
    Version: String(p.Version ?? ""),
    Tier: p.Tier,
    LastModifiedDate: p.LastModifiedDate?.toISOString(),
    Description: p.Description,
  };
}

export function crumbs(path: string) {
  const parts = path.split("/").filter(Boolean);
  return [
    { text: "Parameter Store", href: href("parameters") },
    ...parts.map((part, i) => ({
      text: part,
      href: `${href("parameters")}?path=${encodeURIComponent(`/${parts.slice(0, i + 1).join("/")}`)}`,
    })),
  ];
}
