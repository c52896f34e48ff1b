/**
 * @module Custom inventory: JSON files in the agent's `inventory/custom/` folder, in SSM's format —
 * `{"SchemaVersion": "1.0", "TypeName": "Custom:RackInfo", "Content": {...} or [{...}]}` with string values.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { InventoryItemFrame } from "../../protocol/agent/channel.ts";
import { entry } from "./run-tool.ts";

export async function customInventory(stateDir: string, captureTime: string): Promise<{ items: InventoryItemFrame[]; problems: string[] }> {
  const dir = join(stateDir, "inventory", "custom");
  const items: InventoryItemFrame[] = [];
  const problems: string[] = [];
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
  } catch {
    return { items, problems };
  }
  for (const name of names) {
    try {
      const body = JSON.parse(await readFile(join(dir, name), "utf8")) as { SchemaVersion?: string; TypeName?: string; Content?: unknown };
      if (!/^Custom:[a-zA-Z0-9_\-.]{1,93}$/.test(String(body.TypeName))) throw new Error("TypeName must be Custom:<Name>");
      const content = Array.isArray(body.Content) ? body.Content : [body.Content ?? {}];
      items.push({
        TypeName: String(body.TypeName),
        SchemaVersion: /^\d{1,6}\.\d{1,6}$/.test(String(body.SchemaVersion)) ? String(body.SchemaVersion) : "1.0",
        CaptureTime: captureTime,
        Content: content.map((c) =>
          entry(Object.fromEntries(Object.entries(c as object).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]))),
        ),
      });
    } catch (error) {
      problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { items, problems };
}
