/**
 * @module Blobs (command output, later session logs): a bucket is a folder under `<data-dir>/buckets/` unless it is
 * configured as an S3 bucket. Every place that takes a bucket name goes through `BlobStores.forBucket`.
 */
import { createReadStream } from "node:fs";
import { copyFile, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

export interface BlobLocation {
  bucket: string;
  key: string;
}

export interface BlobStore {
  /** Stores a local file's bytes under the key (the file may be moved away). */
  putFile(location: BlobLocation, path: string): Promise<void>;
  /** Stores bytes under the key, replacing what was there. */
  put(location: BlobLocation, body: Buffer): Promise<void>;
  /** Removes the object; a missing one is not an error. */
  delete(location: BlobLocation): Promise<void>;
  /** The URL shown to users for an object (StandardOutputUrl). */
  url(location: BlobLocation, region: string): string;
}

/** An object as a listing shows it: enough to tell whether a local copy is current. */
export interface ListedObject {
  key: string;
  etag: string;
  size: number;
}

/** A bucket read back from a remote endpoint (the lake query copies what it reads). */
export interface RemoteBucketReader {
  list(bucket: string, prefix: string): AsyncIterable<ListedObject>;
  /** Writes the object's bytes to a local file. */
  download(location: BlobLocation, path: string): Promise<void>;
}

/** Where a bucket's objects can be read: a local folder, or a remote store that is copied from. */
export type BucketSource = { folder: string } | { remote: RemoteBucketReader };

/** S3's bucket naming rule; also what keeps a folder name safe. */
export const bucketNamePattern = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * A key is a relative path without `.`, `..` or empty segments, so it can never leave its bucket's folder, and two
 * spellings never name one file (`a//b` and `a/b` would on a folder store).
 */
export function safeKey(key: string): boolean {
  if (key.length === 0 || key.length > 1024 || key.startsWith("/") || key.includes("\\") || key.includes("\0")) return false;
  return key.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");
}

/** The embedded default: `<root>/<bucket>/<key>` on the local disk. */
export class FolderBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf({ bucket, key }: BlobLocation): string {
    if (!bucketNamePattern.test(bucket) || !safeKey(key)) throw new Error("invalid blob location");
    const bucketDir = resolve(this.root, bucket);
    const path = resolve(bucketDir, key);
    if (!path.startsWith(bucketDir + sep)) throw new Error("invalid blob location");
    return path;
  }

  async putFile(location: BlobLocation, path: string): Promise<void> {
    const target = this.pathOf(location);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    try {
      await rename(path, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
      await copyFile(path, target);
    }
  }

  async put(location: BlobLocation, body: Buffer): Promise<void> {
    const target = this.pathOf(location);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    // Written beside and renamed: a reader (Athena, DuckDB) never sees half an object.
    const partial = `${target}.partial`;
    await writeFile(partial, body, { mode: 0o600 });
    await rename(partial, target);
  }

  async delete(location: BlobLocation): Promise<void> {
    await rm(this.pathOf(location), { force: true });
  }

  url(location: BlobLocation): string {
    return pathToFileURL(this.pathOf(location)).toString();
  }

  folderOf(bucket: string): string {
    if (!bucketNamePattern.test(bucket)) throw new Error("invalid bucket name");
    return resolve(this.root, bucket);
  }
}

/** Which store holds which bucket. */
export class BlobStores {
  constructor(
    private readonly folder: FolderBlobStore,
    private readonly s3: { store: BlobStore & RemoteBucketReader; buckets: ReadonlySet<string> } | undefined,
  ) {}

  static embedded(dataDir: string): BlobStores {
    return new BlobStores(new FolderBlobStore(join(dataDir, "buckets")), undefined);
  }

  withS3(store: BlobStore & RemoteBucketReader, buckets: Iterable<string>): BlobStores {
    return new BlobStores(this.folder, { store, buckets: new Set(buckets) });
  }

  forBucket(bucket: string): BlobStore {
    return this.s3?.buckets.has(bucket) ? this.s3.store : this.folder;
  }

  /** How to read a bucket back: its folder, or the S3 endpoint it lives on. */
  sourceOf(bucket: string): BucketSource {
    return this.s3?.buckets.has(bucket) ? { remote: this.s3.store } : { folder: this.folder.folderOf(bucket) };
  }
}

/** A readable stream of a local file, for stores that upload. */
export const readLocalFile = (path: string) => createReadStream(path);
