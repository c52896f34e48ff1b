/** @module A real S3 HTTP server on loopback (s3rver) for tests, with the buckets they name, and the server config for it. */
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";
import type { TestServerOptions } from "./test-server.ts";

export const s3Credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface TestS3 {
  endpoint: string;
  /** `startTestServer`'s `s3` option: these buckets go to this endpoint. */
  serverOption: NonNullable<TestServerOptions["s3"]>;
  close(): Promise<void>;
}

export async function startS3(buckets: string[]): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), "bosun-s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const address = (await server.run()) as unknown as AddressInfo;
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    serverOption: { config: { endpoint, region: "us-east-1", ...s3Credentials, forcePathStyle: true }, buckets },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
