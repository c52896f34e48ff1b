/**
 * @module Buckets on an S3-compatible endpoint (AWS S3, MinIO, Ceph; s3rver in tests): files are streamed up with
 * multipart uploads, so an object of any size passes through a few parts' worth of memory.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { BlobLocation, BlobStore, ListedObject, RemoteBucketReader } from "./blob-store.ts";

export interface S3Config {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style addressing (`endpoint/bucket/key`), which MinIO and s3rver need. */
  forcePathStyle: boolean;
}

export class S3BlobStore implements BlobStore, RemoteBucketReader {
  private readonly client: S3Client;

  constructor(private readonly config: S3Config) {
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    });
  }

  async putFile(location: BlobLocation, path: string): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: location.bucket, Key: location.key, Body: createReadStream(path) },
      queueSize: 2,
      partSize: 8 * 1024 * 1024,
    });
    await upload.done();
    await rm(path, { force: true });
  }

  async put(location: BlobLocation, body: Buffer): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: location.bucket, Key: location.key, Body: body }));
  }

  async delete(location: BlobLocation): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: location.key }));
  }

  async *list(bucket: string, prefix: string): AsyncIterable<ListedObject> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }),
      );
      for (const object of page.Contents ?? []) if (object.Key) yield { key: object.Key, etag: object.ETag ?? "", size: object.Size ?? 0 };
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async download(location: BlobLocation, path: string): Promise<void> {
    const object = await this.client.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
    if (!object.Body) throw new Error(`the object ${location.key} has no body`);
    await pipeline(object.Body as Readable, createWriteStream(path, { mode: 0o600 }));
  }

  url(location: BlobLocation): string {
    const key = location.key.split("/").map(encodeURIComponent).join("/");
    const base = this.config.endpoint.replace(/\/+$/, "");
    if (this.config.forcePathStyle) return `${base}/${location.bucket}/${key}`;
    const url = new URL(base);
    return `${url.protocol}//${location.bucket}.${url.host}/${key}`;
  }

  close(): void {
    this.client.destroy();
  }
}

/** The S3 configuration from the environment, when `BOSUN_S3_ENDPOINT` is set. */
export function s3ConfigFromEnv(env: NodeJS.ProcessEnv): { config: S3Config; buckets: string[] } | undefined {
  if (!env.BOSUN_S3_ENDPOINT) return undefined;
  return {
    config: {
      endpoint: env.BOSUN_S3_ENDPOINT,
      region: env.BOSUN_S3_REGION ?? "us-east-1",
      accessKeyId: env.BOSUN_S3_ACCESS_KEY_ID ?? "",
      secretAccessKey: env.BOSUN_S3_SECRET_ACCESS_KEY ?? "",
      forcePathStyle: env.BOSUN_S3_FORCE_PATH_STYLE !== "false",
    },
    buckets: (env.BOSUN_S3_BUCKETS ?? "")
      .split(",")
      .map((b) => b.trim())
      .filter((b) => b.length > 0),
  };
}
