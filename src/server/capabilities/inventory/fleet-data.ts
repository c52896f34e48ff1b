/**
 * @module One scope's inventory as GetInventory reads it: every node, and per type the entries of each node — put
 * by agents and clients, or made by the server (AWS:InstanceInformation from the node's record, AWS:Tag from its
 * tags). Loaded per type on first use and kept for the request.
 */

import { builtinTypeNamed } from "../../../protocol/inventory-types.ts";
import type { Scope } from "../../core/store/scope.ts";
import type { InstanceRow, ManagedNodesCapability } from "../managed-nodes/index.ts";
import type { TagStore } from "../tags/index.ts";
import type { InventoryStore, ItemRow } from "./inventory-store.ts";
import { contentLines } from "./item-content.ts";

export type Entry = Record<string, string>;

export interface TypeData {
  items: Map<string, Pick<ItemRow, "schema_version" | "capture_time" | "content_hash">>;
  entries: Map<string, Entry[]>;
}

const isoNow = (now: number) => new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z");

export class FleetData {
  private nodesCache: InstanceRow[] | undefined;
  private readonly types = new Map<string, Promise<TypeData>>();
  private itemsCache: Promise<ItemRow[]> | undefined;

  constructor(
    private readonly store: InventoryStore,
    private readonly nodesCapability: ManagedNodesCapability,
    private readonly tags: TagStore,
    private readonly scope: Scope,
    private readonly now: number,
  ) {}

  async nodes(): Promise<InstanceRow[]> {
    this.nodesCache ??= await this.nodesCapability.listAll(this.scope);
    return this.nodesCache;
  }

  /** Which types each node has (server-made types: every node has them). */
  async typesByNode(): Promise<Map<string, Set<string>>> {
    this.itemsCache ??= this.store.items(this.scope);
    const out = new Map<string, Set<string>>();
    for (const node of await this.nodes()) out.set(node.instance_id, new Set(["AWS:InstanceInformation"]));
    for (const item of await this.itemsCache) out.get(item.instance_id)?.add(item.type_name);
    for (const [id, tags] of await this.tags.listAllOfType(this.scope, "ManagedInstance")) if (tags.length > 0) out.get(id)?.add("AWS:Tag");
    return out;
  }

  /** Which nodes have an item of the type, with the item's metadata (no entries read). */
  async itemsOf(typeName: string): Promise<TypeData["items"]> {
    if (serverMade(typeName)) return (await this.type(typeName)).items;
    this.itemsCache ??= this.store.items(this.scope);
    const items: TypeData["items"] = new Map();
    for (const item of await this.itemsCache) if (item.type_name === typeName) items.set(item.instance_id, item);
    return items;
  }

  /**
   * The entries of a type for some nodes only, read from their contents; `mayMatch` skips a node's content without
   * parsing it when its text cannot hold a match (GetInventory's Equal filters look for the exact JSON member).
   */
  async entriesOf(typeName: string, ids: readonly string[], mayMatch?: (content: string) => boolean): Promise<Map<string, Entry[]>> {
    if (serverMade(typeName)) {
      const all = (await this.type(typeName)).entries;
      return new Map(ids.map((id) => [id, all.get(id) ?? []]));
    }
    const out = new Map<string, Entry[]>();
    for (const [id, content] of await this.store.contentsOf(this.scope, typeName, ids)) {
      const text = content === null ? "" : content.toString();
      out.set(id, mayMatch && !mayMatch(text) ? [] : contentLines(text).map((line) => JSON.parse(line) as Entry));
    }
    return out;
  }

  type(typeName: string): Promise<TypeData> {
    let loaded = this.types.get(typeName);
    if (!loaded) {
      loaded = this.load(typeName);
      this.types.set(typeName, loaded);
    }
    return loaded;
  }

  private async load(typeName: string): Promise<TypeData> {
    const nodes = await this.nodes();
    const items: TypeData["items"] = new Map();
    const entries: TypeData["entries"] = new Map();
    const version = builtinTypeNamed.get(typeName)?.version ?? "1.0";
    const synthetic = { schema_version: version, capture_time: isoNow(this.now), content_hash: "" };
    if (typeName === "AWS:InstanceInformation") {
      for (const node of nodes) {
        const status = this.nodesCapability.pingStatus(node, this.now);
        items.set(node.instance_id, synthetic);
        entries.set(node.instance_id, [
          clean({
            AgentType: "bosun-agent",
            AgentVersion: node.agent_version,
            ComputerName: node.computer_name,
            InstanceId: node.instance_id,
            IpAddress: node.ip_address,
            PlatformName: node.platform_name,
            PlatformType: node.platform_type,
            PlatformVersion: node.platform_version,
            ResourceType: "ManagedInstance",
            AgentStatus: status,
            InstanceStatus: status === "Online" ? "Active" : "ConnectionLost",
          }),
        ]);
      }
    } else if (typeName === "AWS:Tag") {
      for (const [id, tags] of await this.tags.listAllOfType(this.scope, "ManagedInstance")) {
        items.set(id, synthetic);
        entries.set(
          id,
          tags.map((t) => ({ Key: t.Key, Value: t.Value })),
        );
      }
    } else {
      this.itemsCache ??= this.store.items(this.scope);
      for (const item of await this.itemsCache) if (item.type_name === typeName) items.set(item.instance_id, item);
      for (const row of await this.store.entriesOfType(this.scope, typeName)) {
        const list = entries.get(row.instance_id) ?? [];
        list.push(JSON.parse(row.attributes) as Entry);
        entries.set(row.instance_id, list);
      }
      for (const id of items.keys()) if (!entries.has(id)) entries.set(id, []);
    }
    return { items, entries };
  }
}

const serverMade = (typeName: string) => typeName === "AWS:InstanceInformation" || typeName === "AWS:Tag";

function clean(record: Record<string, string | null>): Entry {
  return Object.fromEntries(Object.entries(record).filter((e): e is [string, string] => e[1] !== null && e[1] !== ""));
}
