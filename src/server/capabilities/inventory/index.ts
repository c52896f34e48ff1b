/** @module Inventory: what every node runs, put by agents (and by clients for custom types), listed and described. */
import type { Capability, CoreServices } from "../../core/capability.ts";
import type { ManagedNodesCapability } from "../managed-nodes/index.ts";
import { getInventorySchemaAction } from "./actions/get-inventory-schema.ts";
import { listInventoryEntriesAction } from "./actions/list-inventory-entries.ts";
import { putInventoryAction } from "./actions/put-inventory.ts";
import type { InventoryDeps } from "./inventory-shapes.ts";
import { InventoryStore } from "./inventory-store.ts";
import { inventoryMigrations } from "./migrations.ts";

export function createInventoryCapability(core: CoreServices, nodes: ManagedNodesCapability): Capability {
  const deps: InventoryDeps = { store: new InventoryStore(core.database.db), nodes, keyring: core.keyring };
  return {
    name: "inventory",
    migrations: inventoryMigrations,
    actions: [putInventoryAction(deps), listInventoryEntriesAction(deps), getInventorySchemaAction(deps)],
    jobs: [],
  };
}
