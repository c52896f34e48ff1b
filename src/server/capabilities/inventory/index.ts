/** @module Inventory: what every node runs, put by agents (and by clients for custom types), listed and described. */
import type { InventoryItemFrame } from "../../../protocol/agent/channel.ts";
import type { Capability, CoreServices } from "../../core/capability.ts";
import type { ManagedNodesCapability } from "../managed-nodes/index.ts";
import type { OrganizationView } from "../organizations/index.ts";
import type { TagsCapability } from "../tags/index.ts";
import { deleteInventoryAction } from "./actions/delete-inventory.ts";
import { describeInventoryDeletionsAction } from "./actions/describe-inventory-deletions.ts";
import { getInventoryAction } from "./actions/get-inventory.ts";
import { getInventorySchemaAction } from "./actions/get-inventory-schema.ts";
import { listInventoryEntriesAction } from "./actions/list-inventory-entries.ts";
import { putInventoryAction } from "./actions/put-inventory.ts";
import { searchInventoryAction } from "./actions/search-inventory.ts";
import { type ContentListener, putInventory } from "./inventory-item-rules.ts";
import type { InventoryDeps } from "./inventory-shapes.ts";
import { inventorySnapshot, type SnapshotItem } from "./inventory-snapshot.ts";
import { type EntryKey, InventoryStore } from "./inventory-store.ts";
import { inventoryMigrations } from "./migrations.ts";
import type { PackedPosting } from "./name-index.ts";

export type { ContentListener } from "./inventory-item-rules.ts";
export type { SnapshotItem } from "./inventory-snapshot.ts";
export type { EntryKey } from "./inventory-store.ts";
export { type PackedPosting, unpack as unpackEntryKey } from "./name-index.ts";
export { compareVersions, matchVersion, schemeOf, type VersionScheme } from "./version-order.ts";

/** What exporters read of inventory (resource data sync). */
export interface InventoryReader {
  snapshot(scope: { accountId: string; region: string }, now: number): Promise<SnapshotItem[]>;
}

export interface InventoryCapability extends Capability, InventoryReader {
  /** Puts items of a node's inventory on the service's behalf (AWS:PatchSummary after a patch run), as PutInventory would. */
  record(scope: { accountId: string; region: string }, instanceId: string, items: readonly InventoryItemFrame[]): Promise<void>;
  /** Tells `listener` of every item's new content after it is stored (not of content-hash-only puts). */
  onContent(listener: ContentListener): void;
  /** The entries of a type named one of `names`, from the name index (node, seq, version, scheme), unordered. */
  entryKeys(scope: { accountId: string; region: string }, typeName: string, names: readonly string[]): Promise<EntryKey[]>;
  /** Which of `names` some node has (or had) an entry of `typeName` under, in a scope: a cheap test before a read. */
  knownNames(scope: { accountId: string; region: string }, typeName: string, names: readonly string[]): Promise<string[]>;
  /** Visits the entries of a type named one of `names` as the name index stores them (for scans of millions). */
  forEachEntryKey(
    scope: { accountId: string; region: string },
    typeName: string,
    names: readonly string[],
    visit: (name: string, generation: number, posting: PackedPosting) => void,
  ): Promise<void>;
  /** The scopes in which some node has an item of `typeName`. */
  scopesWith(typeName: string): Promise<{ accountId: string; region: string }[]>;
  /** Some entries' attributes (JSON), keyed `instance/seq`; an entry rewritten since its key was read is left out. */
  attributesOf(scope: { accountId: string; region: string }, typeName: string, keys: readonly EntryKey[]): Promise<Map<string, string>>;
}

export function createInventoryCapability(
  core: CoreServices,
  nodes: ManagedNodesCapability,
  tags: TagsCapability,
  organization: OrganizationView,
): InventoryCapability {
  const deps: InventoryDeps = {
    store: new InventoryStore(core.database.db),
    nodes,
    tags: tags.store,
    keyring: core.keyring,
    organization,
    contentListeners: [],
  };
  nodes.onDeregister((scope, instanceId, within) => deps.store.deleteNode(scope, instanceId, within));
  // What an agent's inventory step gathered: the node's scope comes from its registration, never from the frame.
  nodes.gateway.onFrame("inventory", async (instanceId, message) => {
    const node = await nodes.instances.getForAgent(instanceId);
    if (!node || node.terminated_at !== null) return;
    try {
      const scope = { accountId: node.account_id, region: node.region };
      await putInventory(deps.store, scope, instanceId, message.items, core.now(), deps.contentListeners);
    } catch (error) {
      core.log.warn({ err: error, instanceId, commandId: message.commandId }, "inventory from an agent was refused");
    }
  });
  return {
    snapshot: (scope, now) => inventorySnapshot(deps, scope, now),
    record: (scope, instanceId, items) => putInventory(deps.store, scope, instanceId, items, core.now(), deps.contentListeners),
    onContent: (listener) => deps.contentListeners.push(listener),
    entryKeys: (scope, typeName, names) => deps.store.entryKeys(scope, typeName, { names }),
    scopesWith: (typeName) => deps.store.scopesWith(typeName),
    knownNames: (scope, typeName, names) => deps.store.knownNames(scope, typeName, names),
    forEachEntryKey: (scope, typeName, names, visit) => deps.store.forEachEntryKey(scope, typeName, names, visit),
    attributesOf: (scope, typeName, keys) => deps.store.attributesOf(scope, typeName, keys),
    name: "inventory",
    migrations: inventoryMigrations,
    actions: [
      putInventoryAction(deps),
      getInventoryAction(deps),
      listInventoryEntriesAction(deps),
      getInventorySchemaAction(deps),
      searchInventoryAction(deps),
      deleteInventoryAction(deps),
      describeInventoryDeletionsAction(deps),
    ],
    jobs: [],
  };
}
