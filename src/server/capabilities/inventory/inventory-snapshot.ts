/**
 * @module A scope's inventory item by item, for exports (resource data sync): what each node reported per type, and
 * the server-made AWS:InstanceInformation and AWS:Tag, each with a stamp that changes when its content or capture time
 * does, so an exporter rewrites only what changed.
 */
import { createHash } from "node:crypto";
import type { Scope } from "../../core/store/scope.ts";
import type { ManagedNodesCapability } from "../managed-nodes/index.ts";
import type { TagStore } from "../tags/index.ts";
import { type Entry, FleetData } from "./fleet-data.ts";
import type { InventoryStore } from "./inventory-store.ts";

export interface SnapshotItem {
  instanceId: string;
  typeName: string;
  schemaVersion: string;
  captureTime: string;
  /** Changes whenever the item's content, schema version or capture time does. */
  stamp: string;
  entries(): Promise<Entry[]>;
}

/** The server-made types, recomputed each time; their stamp is a hash of their content. */
const serverMadeTypes = ["AWS:InstanceInformation", "AWS:Tag"];

export async function inventorySnapshot(
  deps: { store: InventoryStore; nodes: ManagedNodesCapability; tags: TagStore },
  scope: Scope,
  now: number,
): Promise<SnapshotItem[]> {
  const out: SnapshotItem[] = [];
  for (const item of await deps.store.items(scope))
    out.push({
      instanceId: item.instance_id,
      typeName: item.type_name,
      schemaVersion: item.schema_version,
      captureTime: item.capture_time,
      stamp: `${item.content_hash}|${item.schema_version}|${item.capture_time}`,
      entries: async () =>
        (await deps.store.entries(scope, item.instance_id, item.type_name, -1, Number.MAX_SAFE_INTEGER)).map(
          (row) => JSON.parse(row.attributes) as Entry,
        ),
    });
  const fleet = new FleetData(deps.store, deps.nodes, deps.tags, scope, now);
  for (const typeName of serverMadeTypes) {
    const data = await fleet.type(typeName);
    for (const [instanceId, entries] of data.entries) {
      const item = data.items.get(instanceId);
      if (!item || entries.length === 0) continue;
      const content = JSON.stringify(entries);
      out.push({
        instanceId,
        typeName,
        schemaVersion: item.schema_version,
        // The content decides whether it changed, not the moment it was computed.
        captureTime: item.capture_time,
        stamp: createHash("sha256").update(`${item.schema_version}|${content}`).digest("base64"),
        entries: async () => entries,
      });
    }
  }
  return out;
}
