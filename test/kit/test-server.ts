/** @module Starts a real Bosun server for a test: SQLite in a temp folder, or a fresh PostgreSQL schema. */
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { SSMClient } from "@aws-sdk/client-ssm";
import pg from "pg";
import { type Credentials, parseCredentialsFile } from "../../src/cli/credentials.ts";
import { type RunningServer, type ServerConfig, startServer } from "../../src/server/main.ts";
import { outputProblems } from "./model-outputs.ts";

export const testEngine = (process.env.BOSUN_TEST_ENGINE ?? "sqlite") as "sqlite" | "postgres";
export const postgresUrl = process.env.BOSUN_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const region = "us-east-1";

export interface TestServer {
  /** The running server; replaced by `restart()`. */
  server: RunningServer;
  endpoint: string;
  dataDir: string;
  accountId: string;
  admin: Credentials;
  /** Everything the server logged, as text. */
  logText(): string;
  ssm(credentials?: Credentials, clientRegion?: string): SSMClient;
  /** Stops the server and starts it again on the same port with the same data (a server restart). */
  restart(): Promise<void>;
  /**
   * PostgreSQL only: a second replica on the same database and data folder (its keyring), on its own port, as a
   * deployment runs several behind a load balancer. Closed with the first.
   */
  replica(): Promise<{ endpoint: string; ssm(credentials?: Credentials): SSMClient; logText(): string }>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** The address clients are told to reach (StreamUrls), when it is not the server's own (a proxy in front). */
  publicUrl?: string;
  sweepIntervalMs?: number;
  heartbeatIntervalMs?: number;
  /** The clock association schedules follow. */
  clock?: () => number;
  /** Buckets on an S3 endpoint (s3rver in tests). */
  s3?: ServerConfig["s3"];
  /** Where machine sources reach EC2 and STS (the EC2 test double). */
  aws?: ServerConfig["aws"];
  syncRetentionMs?: number;
  httpLimits?: ServerConfig["httpLimits"];
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "bosun-test-"));
  const schema = testEngine === "postgres" ? `t_${randomBytes(6).toString("hex")}` : undefined;
  const logChunks: string[] = [];
  const logDestination = new Writable({
    write(chunk, _encoding, done) {
      logChunks.push(String(chunk));
      done();
    },
  });
  // Every replica runs with the same settings as the first (a heartbeat interval one replica judges another's agents by).
  const start = (port: number, destination: Writable = logDestination) =>
    startServer({
      host: "127.0.0.1",
      port,
      dataDir,
      logLevel: "debug",
      outputCheck: outputProblems,
      logDestination: destination,
      ...(options.sweepIntervalMs ? { sweepIntervalMs: options.sweepIntervalMs } : {}),
      ...(options.heartbeatIntervalMs ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
      ...(options.s3 ? { s3: options.s3 } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.aws ? { aws: options.aws } : {}),
      ...(options.syncRetentionMs ? { syncRetentionMs: options.syncRetentionMs } : {}),
      ...(options.httpLimits ? { httpLimits: options.httpLimits } : {}),
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
      ...(schema ? { databaseUrl: postgresUrl, databaseSchema: schema } : {}),
    });
  const server = await start(0).catch(async (error: unknown) => {
    // A server that refused to start (a test of exactly that) leaves no data folder behind.
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  const admin = parseCredentialsFile(await readFile(server.credentialsPath, "utf8"), "default");
  if (!admin) throw new Error("the server wrote no admin credentials");
  const clients: SSMClient[] = [];
  const replicas: RunningServer[] = [];
  const handle: TestServer = {
    server,
    endpoint: server.url,
    dataDir,
    accountId: server.accountId,
    admin,
    logText: () => logChunks.join(""),
    ssm(credentials = admin, clientRegion = region) {
      const client = new SSMClient({ endpoint: handle.server.url, region: clientRegion, credentials, maxAttempts: 1 });
      clients.push(client);
      return client;
    },
    async restart() {
      const port = handle.server.port;
      await handle.server.close();
      handle.server = await start(port);
    },
    async replica() {
      if (!schema) throw new Error("replicas share a PostgreSQL database: run with BOSUN_TEST_ENGINE=postgres");
      const replicaLog: string[] = [];
      const replica = await start(
        0,
        new Writable({
          write(chunk, _encoding, done) {
            replicaLog.push(String(chunk));
            done();
          },
        }),
      );
      replicas.push(replica);
      return {
        endpoint: replica.url,
        ssm(credentials = admin) {
          const client = new SSMClient({ endpoint: replica.url, region, credentials, maxAttempts: 1 });
          clients.push(client);
          return client;
        },
        logText: () => replicaLog.join(""),
      };
    },
    async close() {
      for (const client of clients) client.destroy();
      try {
        for (const replica of replicas) await replica.close();
        await handle.server.close();
      } finally {
        // The data folder goes even when a server fails to close (a test that broke it on purpose).
        await rm(dataDir, { recursive: true, force: true });
      }
      if (schema) {
        const client = new pg.Client({ connectionString: postgresUrl });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      }
    },
  };
  return handle;
}
