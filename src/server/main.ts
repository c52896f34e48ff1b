/** @module The composition root: core services, the list of capabilities, routes, and an orderly shutdown. */

import { createRequire } from "node:module";
import { join } from "node:path";
import type { DestinationStream } from "pino";
import { connectionLostAfter, defaultHeartbeatIntervalMs } from "../protocol/agent/heartbeat.ts";
import { createBucketsCapability } from "./capabilities/buckets/index.ts";
import { createComplianceCapability } from "./capabilities/compliance/index.ts";
import { createDocumentsCapability } from "./capabilities/documents/index.ts";
import { createIdentityCapability, type RootKeys } from "./capabilities/identity/index.ts";
import { createInventoryCapability } from "./capabilities/inventory/index.ts";
import { createKmsCapability } from "./capabilities/kms/index.ts";
import { createMaintenanceWindowsCapability } from "./capabilities/maintenance-windows/index.ts";
import { createManagedNodesCapability } from "./capabilities/managed-nodes/index.ts";
import { createOrganizationsCapability } from "./capabilities/organizations/index.ts";
import { createParametersCapability } from "./capabilities/parameters/index.ts";
import { createPatchManagerCapability } from "./capabilities/patch-manager/index.ts";
import { createResourceDataSyncCapability } from "./capabilities/resource-data-sync/index.ts";
import { createRunCommandCapability } from "./capabilities/run-command/index.ts";
import { createSessionsCapability } from "./capabilities/sessions/index.ts";
import { createStateManagerCapability } from "./capabilities/state-manager/index.ts";
import { createTagsCapability } from "./capabilities/tags/index.ts";
import { type AwsAccess, createUnmanagedMachinesCapability } from "./capabilities/unmanaged-machines/index.ts";
import { createVulnerabilitiesCapability } from "./capabilities/vulnerabilities/index.ts";
import { consoleRoutes } from "./console-routes.ts";
import type { ActionDefinition } from "./core/api/action.ts";
import { createApi } from "./core/api/dispatch.ts";
import { BlobStores } from "./core/blobs/blob-store.ts";
import type { S3Config } from "./core/blobs/s3-blob-store.ts";
import type { Capability, CoreServices } from "./core/capability.ts";
import { machineClock } from "./core/clock.ts";
import { Keyring } from "./core/crypto/keyring.ts";
import { EventLog, eventMigrations } from "./core/events/event-log.ts";
import { type HttpLimits, type Route, startHttpServer } from "./core/http/http-server.ts";
import { createLogger, type Logger } from "./core/log.ts";
import { jobLock } from "./core/scheduler/job-lock.ts";
import { Scheduler } from "./core/scheduler/scheduler.ts";
import { type DatabaseConfig, openDatabase } from "./core/store/database.ts";
import { migrate } from "./core/store/migrate.ts";
import { healthRoute } from "./health-route.ts";

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  /** PostgreSQL URL; SQLite in the data folder when absent. */
  databaseUrl?: string;
  /** PostgreSQL schema to use (created if missing); tests use one per server. */
  databaseSchema?: string;
  masterKey?: string;
  rootKeys?: RootKeys;
  logLevel?: string;
  logDestination?: DestinationStream;
  sweepIntervalMs?: number;
  /** This server's address as clients reach it (behind a proxy or load balancer); StreamUrls are built from it. */
  publicUrl?: string;
  /** How often agents send heartbeats; a node is ConnectionLost after three missed. */
  heartbeatIntervalMs?: number;
  /** Buckets that live on an S3 endpoint; every other bucket is a folder under `<data-dir>/buckets`. */
  s3?: { config: S3Config; buckets: string[] };
  /** The server's clock (tests drive it): what the server records, schedules and expires follows it; the machine's by default. */
  clock?: () => number;
  /** Managed nodes per account and region (SSM's standard tier: 1,000). */
  maxNodesPerRegion?: number;
  /** How the server reaches AWS EC2 and STS for machine sources (endpoint overrides, base credentials). */
  aws?: AwsAccess;
  /** How long a synced object outlives its deregistered or terminated node (0, the default: the next round). */
  syncRetentionMs?: number;
  /** How often EC2 machine sources are asked again (5 minutes by default). */
  machineRefreshIntervalMs?: number;
  /** Connection, body and timeout limits of the HTTP listener (defaults: `defaultHttpLimits`). */
  httpLimits?: Partial<HttpLimits>;
  /** Tests only: checks every answer against its service model (see test/kit/model-outputs.ts). */
  outputCheck?: (target: string, name: string, output: object) => string[];
}

export interface RunningServer {
  url: string;
  port: number;
  accountId: string;
  credentialsPath: string;
  keysFrom: "environment" | "file";
  routes: readonly Route[];
  /** Every API action the server answers. */
  actions: readonly ActionDefinition[];
  services: CoreServices;
  log: Logger;
  close(): Promise<void>;
}

export const bosunVersion: string = (createRequire(import.meta.url)("../../package.json") as { version: string }).version;

async function blobStores(config: ServerConfig): Promise<BlobStores> {
  const embedded = BlobStores.embedded(config.dataDir);
  if (!config.s3) return embedded;
  // The S3 client is loaded only by servers that use it.
  const { S3BlobStore } = await import("./core/blobs/s3-blob-store.ts");
  return embedded.withS3(new S3BlobStore(config.s3.config), config.s3.buckets);
}

/** Starts a Bosun server: opens storage, migrates, bootstraps the admin, listens. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const log = createLogger({
    ...(config.logLevel ? { level: config.logLevel } : {}),
    ...(config.logDestination ? { destination: config.logDestination } : {}),
  });
  const dbConfig: DatabaseConfig = config.databaseUrl
    ? { engine: "postgres", url: config.databaseUrl, ...(config.databaseSchema ? { schema: config.databaseSchema } : {}) }
    : { engine: "sqlite", path: join(config.dataDir, "bosun.db") };
  const database = await openDatabase(dbConfig);
  try {
    const keyring = await Keyring.load(config.dataDir, config.masterKey);
    const core: CoreServices = {
      database,
      keyring,
      events: new EventLog(database.db),
      log,
      sweepIntervalMs: config.sweepIntervalMs ?? 30_000,
      now: config.clock ?? machineClock,
    };

    const identity = createIdentityCapability(core);
    const tags = createTagsCapability(core);
    const parameters = createParametersCapability(core, tags);
    const documents = createDocumentsCapability(core, tags);
    const heartbeatIntervalMs = config.heartbeatIntervalMs ?? defaultHeartbeatIntervalMs;
    const nodes = createManagedNodesCapability(core, tags, {
      agentVersion: bosunVersion,
      heartbeatIntervalMs,
      ...(config.maxNodesPerRegion ? { maxNodesPerScope: config.maxNodesPerRegion } : {}),
    });
    const blobs = await blobStores(config);
    const organizations = createOrganizationsCapability(core, identity.accounts);
    const buckets = createBucketsCapability(core, organizations);
    const runCommand = createRunCommandCapability(
      core,
      { tags, documents, nodes, parameters },
      { dataDir: config.dataDir, blobs, buckets: buckets.access },
    );
    const inventory = createInventoryCapability(core, nodes, tags, organizations);
    const compliance = createComplianceCapability(core, nodes);
    // The address clients reach is known once the server listens (a port of 0 picks one), unless configured.
    let listeningUrl = "";
    const capabilities: Capability[] = [
      identity,
      tags,
      parameters,
      documents,
      nodes,
      runCommand,
      inventory,
      createStateManagerCapability(core, { tags, documents, nodes, runCommand, buckets: buckets.access, compliance }),
      organizations,
      buckets,
      createKmsCapability(core),
      compliance,
      createPatchManagerCapability(core, { tags, nodes, runCommand, compliance, inventory }),
      createVulnerabilitiesCapability(core, { inventory, nodes, compliance, organization: organizations }),
      createMaintenanceWindowsCapability(core, { tags, documents }),
      createSessionsCapability(
        core,
        { documents, nodes, userTags: identity.userTags },
        { publicUrl: () => config.publicUrl ?? listeningUrl, dataDir: config.dataDir, blobs, buckets: buckets.access },
      ),
      createResourceDataSyncCapability(core, {
        // What the sync writes: inventory, and compliance in SSM's AWS:ComplianceItem and AWS:ComplianceSummary.
        inventory: {
          snapshot: async (scope, now) => [...(await inventory.snapshot(scope, now)), ...(await compliance.snapshot(scope, now))],
        },
        organization: organizations,
        blobs,
        buckets: buckets.access,
        dataDir: config.dataDir,
        ...(config.syncRetentionMs ? { retentionMs: config.syncRetentionMs } : {}),
      }),
      createUnmanagedMachinesCapability(core, {
        nodes,
        organization: organizations,
        aws: config.aws ?? {},
        lostAfterMs: connectionLostAfter(heartbeatIntervalMs),
        ...(config.machineRefreshIntervalMs ? { refreshIntervalMs: config.machineRefreshIntervalMs } : {}),
      }),
    ];

    await migrate(database.db, Object.assign({}, eventMigrations, ...capabilities.map((c) => c.migrations)), database.schema);
    const bootstrap = await identity.bootstrap(config.dataDir, config.rootKeys);

    const actions = capabilities.flatMap((c) => c.actions);
    const api = createApi({
      actions,
      lookupAccessKey: identity.lookupAccessKey,
      log,
      now: core.now,
      ...(config.outputCheck ? { outputCheck: config.outputCheck } : {}),
    });
    const routes: Route[] = [
      healthRoute(bosunVersion),
      { method: "POST", path: "/", auth: "sigv4", handle: api.handle, maxBodyBytes: api.maxBodyBytes },
      ...capabilities.flatMap((c) => c.routes ?? []),
      ...consoleRoutes(),
    ];
    const http = await startHttpServer(routes, {
      host: config.host,
      port: config.port,
      log,
      ...(config.httpLimits ? { limits: config.httpLimits } : {}),
    });
    listeningUrl = http.url;
    const scheduler = new Scheduler(log, jobLock(database), core.now);
    scheduler.start(capabilities.flatMap((c) => c.jobs));
    log.info({ url: http.url, engine: database.engine, accountId: bootstrap.accountId }, "bosun server listening");

    let closing: Promise<void> | undefined;
    return {
      url: http.url,
      port: http.port,
      accountId: bootstrap.accountId,
      credentialsPath: bootstrap.credentialsPath,
      keysFrom: bootstrap.keysFrom,
      routes,
      actions,
      services: core,
      log,
      close() {
        closing ??= (async () => {
          // Jobs first (they call into capabilities), then the capabilities, then the connections they were serving.
          await scheduler.stop();
          await Promise.all(capabilities.map((c) => c.stop?.()));
          await http.close();
          await database.close();
          log.info("bosun server stopped");
          log.flush();
        })();
        return closing;
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
