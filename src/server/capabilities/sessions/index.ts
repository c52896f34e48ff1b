/**
 * @module Session Manager: shells, commands and port forwards on managed nodes with no inbound port. StartSession
 * writes the session and tells the node's agent over its channel; the client and the agent each open a data socket,
 * and the relay joins them. See docs/decisions/021-session-routing.md for how sessions find their way across replicas.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, randomUUID } from "node:crypto";
import { join } from "node:path";
import type { ServerMessage } from "../../../protocol/agent/channel.ts";
import { sessionKeyContext } from "../../../protocol/session/session-cipher.ts";
import type { BlobStores } from "../../core/blobs/blob-store.ts";
import type { Capability, CoreServices } from "../../core/capability.ts";
import type { BucketAccess } from "../buckets/index.ts";
import type { DocumentsCapability } from "../documents/index.ts";
import type { UserTagReader } from "../identity/index.ts";
import { openDataKey } from "../kms/index.ts";
import type { ManagedNodesCapability } from "../managed-nodes/index.ts";
import { describeSessionsAction } from "./actions/describe-sessions.ts";
import { getConnectionStatusAction } from "./actions/get-connection-status.ts";
import { getSessionRecordingAction } from "./actions/get-session-recording.ts";
import { resumeSessionAction } from "./actions/resume-session.ts";
import { startSessionAction } from "./actions/start-session.ts";
import { terminateSessionAction } from "./actions/terminate-session.ts";
import { dataChannelRoutes } from "./data-channel.ts";
import { sessionMigrations } from "./migrations.ts";
import { SessionRecorder } from "./session-recorder.ts";
import { SessionRelay } from "./session-relay.ts";
import type { SessionDeps } from "./session-shapes.ts";
import type { SessionPreferences } from "./session-spec.ts";
import { type SessionRow, SessionStore } from "./session-store.ts";

export interface SessionsOptions {
  /** The base of StreamUrls: this server's address as clients reach it (`http://…` becomes `ws://…`). */
  publicUrl(): string;
  /** How long a session waits for a client that lost its connection to resume. */
  resumeGraceMs?: number;
  /** How long a new session waits for its agent and its client to attach. */
  connectTimeoutMs?: number;
  dataDir: string;
  blobs: BlobStores;
  buckets: BucketAccess;
}

interface StoredProperties {
  properties: Record<string, unknown>;
  preferences: SessionPreferences;
  /** The OS user the session runs as, resolved when it started (the caller's `SSMSessionRunAs` tag, or the default). */
  runAsUser?: string;
}

const storedProperties = (row: SessionRow): StoredProperties => JSON.parse(row.properties) as StoredProperties;

/** The user a session runs as (undefined: the agent's own); a row from before run-as users were resolved: the default. */
function runAsUser(stored: StoredProperties): string | undefined {
  if (stored.runAsUser !== undefined) return stored.runAsUser || undefined;
  return stored.preferences.runAsEnabled && stored.preferences.runAsDefaultUser ? stored.preferences.runAsDefaultUser : undefined;
}

export function createSessionsCapability(
  core: CoreServices,
  parts: { documents: DocumentsCapability; nodes: ManagedNodesCapability; userTags: UserTagReader },
  options: SessionsOptions,
): Capability {
  const store = new SessionStore(core.database.db);
  const gateway = parts.nodes.gateway;
  const agentKey = core.keyring.key("session-agent-token", "v1");
  const agentToken = (sessionId: string) => createHmac("sha256", agentKey).update(sessionId).digest("base64url");
  const connectTimeoutMs = options.connectTimeoutMs ?? 60_000;

  const recorder = new SessionRecorder(
    { staging: join(options.dataDir, "staging", "sessions"), recordings: join(options.dataDir, "session-recordings") },
    options.blobs,
    core.log,
    core.now,
  );
  const relay = new SessionRelay(
    {
      connected: (sessionId) => void store.setStatus(sessionId, "Connected").catch((error: unknown) => failed(error, sessionId)),
      disconnected: (sessionId) => void store.setStatus(sessionId, "Disconnected").catch((error: unknown) => failed(error, sessionId)),
      // The session ends at once; its recording follows as soon as it is stored.
      ended: (sessionId, details) =>
        void store
          .end(sessionId, "Terminated", core.now(), details)
          .then(() => recorder.finish(sessionId))
          .then((url) => (url ? store.setOutputUrl(sessionId, url) : undefined))
          .catch((error: unknown) => failed(error, sessionId)),
      frame(sessionId, from, message) {
        // What a client or an agent sends reaches the recorder unchecked: a frame it cannot read is left out of the
        // recording, never allowed to take the server down.
        try {
          recorder.frame(sessionId, from, message);
        } catch (error) {
          core.log.warn({ err: error, sessionId, from }, "a session frame could not be recorded");
        }
      },
      // Opened in the session's own account, only if the blob is bound to this session and node, under its key.
      openDataKey(info, ciphertext) {
        let opened: { keyArn: string; dataKey: Buffer };
        try {
          opened = openDataKey(core.keyring, info, ciphertext, sessionKeyContext(info.sessionId, info.target));
        } catch {
          throw new Error("The data key is not bound to this session and node.");
        }
        if (opened.keyArn !== info.kmsKeyArn) {
          opened.dataKey.fill(0);
          throw new Error("The data key was not made under the session's KMS key.");
        }
        return opened.dataKey;
      },
    },
    {
      now: core.now,
      resumeGraceMs: options.resumeGraceMs ?? 60_000,
      crypto: { sha256: (data) => createHash("sha256").update(data).digest(), randomUUID },
      ciphers: { createCipheriv, createDecipheriv, randomBytes },
    },
  );
  const failed = (error: unknown, sessionId: string) => core.log.error({ err: error, sessionId }, "recording a session's state failed");

  function work(row: SessionRow): ServerMessage {
    const stored = storedProperties(row);
    const { properties, preferences } = stored;
    const user = runAsUser(stored);
    return {
      type: "session",
      sessionId: row.session_id,
      token: agentToken(row.session_id),
      sessionType: row.session_type as Extract<ServerMessage, { type: "session" }>["sessionType"],
      properties,
      ...(user ? { runAsUser: user } : {}),
      ...(preferences.shellProfileLinux ? { shellProfile: preferences.shellProfileLinux } : {}),
      ...(preferences.kmsKeyId ? { kmsKeyId: preferences.kmsKeyId } : {}),
      // The replica the client was sent to; this one may hold only the node's channel.
      ...(row.relay_url ? { relay: row.relay_url } : {}),
    };
  }

  async function deliver(row: SessionRow): Promise<void> {
    if (!gateway.send(row.target, work(row))) return;
    await store.markDelivered(row.session_id, core.now());
  }

  gateway.onConnected((instanceId) => {
    void store
      .undelivered(instanceId)
      .then((rows) => Promise.all(rows.map(deliver)))
      .catch((error: unknown) => core.log.error({ err: error, instanceId }, "delivering sessions failed"));
  });

  /** Delivers what waits for agents connected here; ends sessions that never came up or that no replica relays. */
  async function sweep(): Promise<void> {
    const now = core.now();
    const live: string[] = [];
    for (const row of await store.active()) {
      if (relay.isLive(row.session_id)) {
        live.push(row.session_id);
        continue;
      }
      const lastSign = row.relayed_at ?? row.start_date;
      if (now - lastSign > connectTimeoutMs) {
        // A session that connected ended with its relay (even one that died before its first sweep marked it).
        const connected = row.relayed_at !== null || row.status !== "Connecting";
        const details = connected ? "The server relaying the session stopped." : "The session did not connect in time.";
        if (await store.end(row.session_id, connected ? "Terminated" : "Failed", now, details)) gateway.send(row.target, endedFrame(row));
      } else if (row.delivered_at === null && gateway.isConnected(row.target)) await deliver(row);
    }
    await store.markRelayed(live, now);
    // Recordings a crash or a restart left behind: their sessions have ended (above, or before the restart).
    for (const { sessionId, url } of await recorder.finishOrphans((id) => relay.isLive(id)))
      if (url) await store.setOutputUrl(sessionId, url);
  }

  const endedFrame = (row: SessionRow): ServerMessage => ({ type: "session-ended", sessionId: row.session_id });

  const deps: SessionDeps = {
    store,
    relay,
    documents: parts.documents,
    nodes: parts.nodes,
    userTags: parts.userTags,
    keyring: core.keyring,
    buckets: options.buckets,
    streamBase: () => options.publicUrl().replace(/^http/, "ws").replace(/\/$/, ""),
    agentToken,
    channelHeld: (instanceId) => gateway.isConnected(instanceId),
    deliver,
    ended: (row) => gateway.send(row.target, endedFrame(row)),
    readRecording(row, offset, max) {
      const { preferences } = storedProperties(row);
      const info = {
        sessionId: row.session_id,
        accountId: row.account_id,
        region: row.region,
        bucket: preferences.s3BucketName,
        prefix: preferences.s3KeyPrefix,
      };
      // A recording whose bucket refused it was kept by the server, and the session has no output URL.
      return recorder.read(info, row.output_url !== null, offset, max);
    },
  };

  return {
    name: "sessions",
    migrations: sessionMigrations,
    actions: [
      startSessionAction(deps),
      resumeSessionAction(deps),
      terminateSessionAction(deps),
      describeSessionsAction(deps),
      getConnectionStatusAction(deps),
      getSessionRecordingAction(deps),
    ],
    jobs: [{ name: "sessions-sweep", intervalMs: Math.min(core.sweepIntervalMs, 5_000), everyReplica: true, run: sweep }],
    routes: dataChannelRoutes({
      store,
      relay,
      log: core.log,
      now: core.now,
      liveInfo(row) {
        const { preferences } = storedProperties(row);
        return {
          sessionId: row.session_id,
          target: row.target,
          sessionType: row.session_type,
          idleTimeoutMs: preferences.idleSessionTimeout * 60_000,
          endsAt: preferences.maxSessionDuration === undefined ? undefined : row.start_date + preferences.maxSessionDuration * 60_000,
          accountId: row.account_id,
          region: row.region,
          kmsKeyArn: preferences.kmsKeyId || undefined,
        };
      },
      spendClientToken: (row) => store.renewClientToken(row.session_id, row.client_token_hash, 0),
      async beginRecording(row) {
        const { preferences } = storedProperties(row);
        await recorder.begin({
          sessionId: row.session_id,
          accountId: row.account_id,
          region: row.region,
          target: row.target,
          sessionType: row.session_type,
          startedAt: row.start_date,
          bucket: preferences.s3BucketName,
          prefix: preferences.s3KeyPrefix,
        });
      },
    }),
    async stop() {
      relay.close();
    },
  };
}
