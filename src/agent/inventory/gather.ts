/**
 * @module The aws:softwareInventory plugin: gathers the types its inputs enable and returns them as inventory items.
 * Windows-only types (updates, registry, roles) and billing information are not gathered on Linux or macOS.
 */
import type { InventoryItemFrame } from "../../protocol/agent/channel.ts";
import { packagedApplications } from "./applications.ts";
import { customInventory } from "./custom.ts";
import { files } from "./files.ts";
import { awsComponents, detailedInformation, network } from "./node-facts.ts";
import { services } from "./services.ts";
import { unpackagedSoftware } from "./unpackaged.ts";

const versions: Record<string, string> = {
  "AWS:Application": "1.1",
  "AWS:AWSComponent": "1.0",
  "AWS:Network": "1.0",
  "AWS:InstanceDetailedInformation": "1.0",
  "AWS:Service": "1.0",
  "AWS:File": "1.0",
};
const maxEntries = 10_000;

export interface Gathered {
  items: InventoryItemFrame[];
  /** What the step prints: what was gathered, and what could not be. */
  report: string[];
}

export async function gatherInventory(inputs: Record<string, string>, stateDir: string): Promise<Gathered> {
  const enabled = (name: string) => (inputs[name] ?? "Enabled") === "Enabled";
  const captureTime = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const items: InventoryItemFrame[] = [];
  const report: string[] = [];
  const add = (typeName: string, content: Record<string, string>[]) => {
    if (content.length > maxEntries) report.push(`${typeName}: ${content.length} entries, the first ${maxEntries} kept`);
    items.push({
      TypeName: typeName,
      SchemaVersion: versions[typeName] ?? "1.0",
      CaptureTime: captureTime,
      Content: content.slice(0, maxEntries),
    });
    report.push(`${typeName}: ${Math.min(content.length, maxEntries)} entries`);
  };
  if (enabled("applications")) {
    const apps = await packagedApplications();
    if (enabled("unpackagedSoftware")) {
      const roots = (inputs.unpackagedRoots ?? "/opt,/srv,/usr/local,/home")
        .split(",")
        .map((r) => r.trim())
        .filter(Boolean);
      const unpackaged = await unpackagedSoftware(roots);
      apps.push(...unpackaged.entries);
      if (unpackaged.truncated) report.push("unpackaged software: the scan stopped at its time or file bound");
    }
    add("AWS:Application", apps);
  }
  if (enabled("awsComponents")) add("AWS:AWSComponent", awsComponents());
  if (enabled("networkConfig")) add("AWS:Network", await network());
  if (enabled("instanceDetailedInformation")) add("AWS:InstanceDetailedInformation", await detailedInformation());
  if (enabled("services")) add("AWS:Service", await services());
  if ((inputs.files ?? "").trim()) add("AWS:File", await files(inputs.files ?? ""));
  if (enabled("customInventory")) {
    const custom = await customInventory(stateDir, captureTime);
    for (const item of custom.items) {
      items.push(item);
      report.push(`${item.TypeName}: ${item.Content.length} entries`);
    }
    for (const problem of custom.problems) report.push(`custom inventory skipped ${problem}`);
  }
  for (const windowsOnly of ["windowsUpdates", "windowsRoles", "billingInfo"])
    if (inputs[windowsOnly] === "Enabled") report.push(`${windowsOnly}: not gathered on this platform`);
  return { items, report };
}
