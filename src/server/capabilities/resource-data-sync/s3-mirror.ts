/**
 * @module A local copy of a sync's objects on an S3 endpoint, for the lake query: DuckDB's httpfs extension cannot be
 * installed here (nothing is downloaded at run time), so objects are read through the S3 client into a folder and
 * DuckDB reads the folder (decision 012). Only the partitions of the accounts the caller may read are copied; an
 * object is fetched again only when its ETag changed, and local files whose object is gone are removed.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { type RemoteBucketReader, safeKey } from "../../core/blobs/blob-store.ts";

const manifestName = ".etags.json";
const parallelDownloads = 8;

/** One refresh at a time per local copy: two queries of the same sync share the work instead of racing. */
const refreshing = new Map<string, Promise<void>>();

export interface MirrorRequest {
  remote: RemoteBucketReader;
  bucket: string;
  prefix: string | undefined;
  /** The local folder that becomes the lake's root. */
  folder: string;
  /** Only these accounts' partitions are copied. */
  accounts: ReadonlySet<string>;
}

export async function mirrorToFolder(request: MirrorRequest): Promise<void> {
  const running = refreshing.get(request.folder);
  if (running) await running.catch(() => undefined);
  const work = refresh(request).finally(() => refreshing.delete(request.folder));
  refreshing.set(request.folder, work);
  await work;
}

const accountOf = (relativeKey: string): string | undefined => /^[^/]+\/accountid=(\d{12})\//.exec(relativeKey)?.[1];

async function refresh({ remote, bucket, prefix, folder, accounts }: MirrorRequest): Promise<void> {
  const base = prefix ? `${prefix.replace(/\/+$/, "")}/` : "";
  const manifestPath = join(folder, manifestName);
  const before: Record<string, string> = JSON.parse(await readFile(manifestPath, "utf8").catch(() => "{}"));
  const after: Record<string, string> = {};
  const wanted: { key: string; relativeKey: string; etag: string }[] = [];
  for await (const object of remote.list(bucket, base)) {
    const relativeKey = object.key.slice(base.length);
    const account = accountOf(relativeKey);
    if (!account || !accounts.has(account) || !relativeKey.endsWith(".json") || !safeKey(relativeKey)) continue;
    after[relativeKey] = object.etag;
    if (before[relativeKey] !== object.etag) wanted.push({ key: object.key, relativeKey, etag: object.etag });
  }
  const root = resolve(folder);
  const localPath = (relativeKey: string) => {
    const path = resolve(root, relativeKey);
    if (!path.startsWith(root + sep)) throw new Error("an object key leaves the lake folder");
    return path;
  };
  for (let i = 0; i < wanted.length; i += parallelDownloads)
    await Promise.all(
      wanted.slice(i, i + parallelDownloads).map(async ({ key, relativeKey }) => {
        const path = localPath(relativeKey);
        await mkdir(dirname(path), { recursive: true, mode: 0o700 });
        await remote.download({ bucket, key }, path);
      }),
    );
  for (const relativeKey of Object.keys(before)) if (!(relativeKey in after)) await rm(localPath(relativeKey), { force: true });
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await writeFile(manifestPath, JSON.stringify(after));
}

/** Where a sync's copy lives under the data folder (per owner, since owners may read different accounts). */
export const mirrorFolder = (dataDir: string, owner: { accountId: string; region: string }, syncName: string): string =>
  join(dataDir, "lake-cache", owner.accountId, owner.region, Buffer.from(syncName).toString("hex"));
