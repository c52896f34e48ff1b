/**
 * @module Resource data sync: inventory of an account, or of a whole organization, written to a bucket in SSM's
 * layout.
 */
import type { BlobStores } from "../../core/blobs/blob-store.ts";
import type { Capability, CoreServices } from "../../core/capability.ts";
import type { BucketAccess } from "../buckets/index.ts";
import type { InventoryReader } from "../inventory/index.ts";
import type { OrganizationView } from "../organizations/index.ts";
import { createResourceDataSyncAction } from "./actions/create-resource-data-sync.ts";
import { deleteResourceDataSyncAction } from "./actions/delete-resource-data-sync.ts";
import { listResourceDataSyncAction } from "./actions/list-resource-data-sync.ts";
import { queryResourceDataSyncAction } from "./actions/query-resource-data-sync.ts";
import { updateResourceDataSyncAction } from "./actions/update-resource-data-sync.ts";
import { resourceDataSyncMigrations } from "./migrations.ts";
import { SyncStore } from "./sync-store.ts";
import { syncRound } from "./sync-writer.ts";

/** Changes reach the destination within this long (the issue asks for a minute). */
const syncIntervalMs = 15_000;

export function createResourceDataSyncCapability(
  core: CoreServices,
  needs: {
    inventory: InventoryReader;
    organization: OrganizationView;
    blobs: BlobStores;
    buckets: BucketAccess;
    dataDir: string;
    retentionMs?: number;
  },
): Capability {
  const store = new SyncStore(core.database.db);
  const deps = { store, keyring: core.keyring, ...needs, retentionMs: needs.retentionMs ?? 0, log: core.log };
  return {
    name: "resource-data-sync",
    migrations: resourceDataSyncMigrations,
    actions: [
      createResourceDataSyncAction(deps),
      listResourceDataSyncAction(deps),
      deleteResourceDataSyncAction(deps),
      updateResourceDataSyncAction(deps),
      queryResourceDataSyncAction(deps),
    ],
    jobs: [
      { name: "resource-data-sync", intervalMs: Math.min(core.sweepIntervalMs, syncIntervalMs), run: () => syncRound(deps, core.now()) },
    ],
  };
}
