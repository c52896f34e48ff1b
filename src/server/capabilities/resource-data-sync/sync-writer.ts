/**
 * @module The sync job: for each sync, every item of its account (or, organization-wide, of every account the owner
 * reads) in its Region goes to the destination; only items whose stamp changed are written again, and objects of
 * nodes and types that are gone are deleted (no stale data).
 */
import type { BlobStores } from "../../core/blobs/blob-store.ts";
import type { Logger } from "../../core/log.ts";
import { type BucketAccess, bucketRefusal } from "../buckets/index.ts";
import type { InventoryReader } from "../inventory/index.ts";
import type { OrganizationView } from "../organizations/index.ts";
import { markerBody, markerKey, objectBody, objectKey } from "./sync-layout.ts";
import type { SyncRow, SyncStore } from "./sync-store.ts";

export interface SyncDeps {
  store: SyncStore;
  inventory: InventoryReader;
  organization: OrganizationView;
  blobs: BlobStores;
  log: Logger;
  /** How long an object outlives its node or type before it is deleted (0: at the next round). */
  retentionMs: number;
  buckets: BucketAccess;
  /** The server's data folder: never named in a status message. */
  dataDir: string;
}

export interface Destination {
  BucketName: string;
  Prefix?: string | undefined;
  SyncFormat: string;
  Region: string;
  DestinationDataSharing?: { DestinationDataSharingType?: string | undefined } | undefined;
}

/**
 * The accounts a sync covers: its own, or for an organization-wide sync every account its owner reads now (asked each
 * time, so a revoked delegate falls back to its own account). The writer and the lake query both go by it.
 */
export async function syncAccounts(organization: OrganizationView, sync: SyncRow): Promise<string[]> {
  const own = [sync.account_id];
  return sync.organization_wide ? ((await organization.fleetAccounts(sync.account_id)) ?? own) : own;
}

/** A round that cannot write, for a reason the sync's owner should read as is. */
class SyncRefused extends Error {}

/** A failure in words safe to show: the destination's own message, without the server's folders. */
function failureMessage(error: unknown, dataDir: string): string {
  if (error instanceof SyncRefused) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  // A file-system error names server paths: its code says enough (EISDIR, ENOTDIR, ENOSPC).
  if (code && /^E[A-Z]+$/.test(code)) return `The destination could not be written (${code}).`;
  const text = error instanceof Error ? error.message : "the sync failed";
  return text.replaceAll(dataDir, "<data-dir>").slice(0, 1000);
}

export interface SyncOutcome {
  written: number;
  deleted: number;
  /** Objects whose node or type is gone, kept until the retention passes. */
  retained: number;
  /** Of those, the ones this round found gone: their retention starts now. */
  newlyGone: number;
}

export async function runSync(deps: SyncDeps, sync: SyncRow, now: number): Promise<SyncOutcome> {
  const destination = JSON.parse(sync.destination) as Destination;
  const owner = { accountId: sync.account_id, region: sync.region };
  // Checked on every round: the bucket's owner may have withdrawn its policy since the sync was made.
  if (!(await deps.buckets.mayWrite(sync.account_id, destination.BucketName))) throw new SyncRefused(bucketRefusal(destination.BucketName));
  const accounts = await syncAccounts(deps.organization, sync);
  const bucket = deps.blobs.forBucket(destination.BucketName);
  const known = await deps.store.objects(owner, sync.sync_name);
  const seen = new Set<string>();
  let written = 0;
  for (const accountId of accounts) {
    // The account's marker, written once and kept while the sync writes for the account.
    const marker = markerKey(destination.Prefix, accountId);
    seen.add(marker);
    if (!known.has(marker)) {
      await bucket.put({ bucket: destination.BucketName, key: marker }, markerBody());
      await deps.store.saveObject({
        account_id: owner.accountId,
        region: owner.region,
        sync_name: sync.sync_name,
        object_key: marker,
        stamp: "marker",
        gone_at: null,
      });
      written++;
    }
    for (const item of await deps.inventory.snapshot({ accountId, region: sync.region }, now)) {
      const key = objectKey(destination.Prefix, item.typeName, accountId, sync.region, item.instanceId);
      seen.add(key);
      const before = known.get(key);
      if (before?.stamp === item.stamp) {
        // Back within the retention (a node that reconnected, say): nothing to write, and nothing to delete later.
        if (before.goneAt !== null) await deps.store.markGone(owner, sync.sync_name, key, null);
        continue;
      }
      const body = objectBody(item.instanceId, item.captureTime, item.schemaVersion, await item.entries());
      await bucket.put({ bucket: destination.BucketName, key }, body);
      await deps.store.saveObject({
        account_id: owner.accountId,
        region: owner.region,
        sync_name: sync.sync_name,
        object_key: key,
        stamp: item.stamp,
        gone_at: null,
      });
      written++;
    }
  }
  let deleted = 0;
  let retained = 0;
  let newlyGone = 0;
  for (const [key, object] of known) {
    if (seen.has(key)) continue;
    if (now - (object.goneAt ?? now) < deps.retentionMs) {
      if (object.goneAt === null) {
        await deps.store.markGone(owner, sync.sync_name, key, now);
        newlyGone++;
      }
      retained++;
      continue;
    }
    await bucket.delete({ bucket: destination.BucketName, key });
    await deps.store.forgetObject(owner, sync.sync_name, key);
    deleted++;
  }
  return { written, deleted, retained, newlyGone };
}

/** One round over every sync; each records its outcome (LastStatus, times, message). */
export async function syncRound(deps: SyncDeps, now: number): Promise<void> {
  for (const sync of await deps.store.allSyncs()) {
    const scope = { accountId: sync.account_id, region: sync.region };
    try {
      const { written, deleted, retained, newlyGone } = await runSync(deps, sync, now);
      // A round that changed something is worth a line: the status message keeps only the latest round.
      if (written + deleted + newlyGone > 0)
        deps.log.info(
          { syncName: sync.sync_name, account: sync.account_id, written, deleted, retained, newlyGone },
          "resource data sync round",
        );
      await deps.store.recordRun(scope, sync.sync_name, {
        success: true,
        last_status: "Successful",
        last_sync_at: now,
        last_message: `${written} objects written, ${deleted} deleted.${retained > 0 ? ` ${retained} kept until their retention ends.` : ""}`,
      });
    } catch (error) {
      deps.log.warn({ err: error, syncName: sync.sync_name, account: sync.account_id }, "resource data sync failed");
      await deps.store.recordRun(scope, sync.sync_name, {
        success: false,
        last_status: "Failed",
        last_sync_at: now,
        // The destination's own words (no bucket credentials are ever part of them), without server paths.
        last_message: failureMessage(error, deps.dataDir),
      });
    }
  }
}
