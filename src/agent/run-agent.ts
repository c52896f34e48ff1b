/**
 * @module The agent daemon: holds one outbound WebSocket to its server, proves itself by signing the server's
 * challenge, sends heartbeats, and reconnects with backoff. A refusal (deregistered, wrong key) ends it.
 */
import { createPrivateKey, type KeyObject, sign } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Logger } from "pino";
import WebSocket from "ws";
import { type AgentMessage, agentStoppingReason, channelPath, helloSigningText, refusedCloseCode } from "../protocol/agent/channel.ts";
import { isServerMessage } from "../protocol/agent/server-message-check.ts";
import { type BackoffPolicy, backoffDelay, defaultBackoff } from "./backoff.ts";
import { completeRotation, defaultKeyMaxAgeMs, prepareRotation, rotationDue } from "./key-rotation.ts";
import { agentVersion, computerName, platformInfo, primaryAddress } from "./platform-info.ts";
import { SessionWorker } from "./session/session-worker.ts";
import { privateKeyPath, readRegistration } from "./state-dir.ts";
import { type Session, WorkRunner } from "./work-runner.ts";

export interface RunningAgent {
  /** Resolves when the agent stops: `refused` when the server will not take this node any more. */
  finished: Promise<"stopped" | "refused">;
  stop(): void;
}

function channelUrl(server: string): string {
  const url = new URL(channelPath, server);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

export interface AgentOptions {
  stateDir: string;
  log: Logger;
  backoff?: BackoffPolicy;
  /** Rotate the key once it is older than this. */
  keyMaxAgeMs?: number;
}

export async function runAgent(options: AgentOptions): Promise<RunningAgent> {
  const registration = await readRegistration(options.stateDir);
  if (!registration)
    throw new Error(`this machine is not registered (no registration in ${options.stateDir}); run \`bosun agent register\` first`);
  let key: KeyObject = createPrivateKey(await readFile(privateKeyPath(options.stateDir), "utf8"));
  const platform = await platformInfo();
  const { log } = options;
  const work = new WorkRunner(
    options.stateDir,
    { instanceId: registration.InstanceId, region: registration.Region, platformType: platform.Type },
    log,
  );
  await work.open();
  const sessions = new SessionWorker({ server: registration.Server, log });
  let stopped = false;
  let socket: WebSocket | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let finish: (how: "stopped" | "refused") => void = () => {};
  const finished = new Promise<"stopped" | "refused">((resolve) => {
    finish = resolve;
  });

  const connect = (attempt: number) => {
    if (stopped) return;
    const ws = new WebSocket(channelUrl(registration.Server), { handshakeTimeout: 10_000, maxPayload: 16 * 1024 * 1024 });
    socket = ws;
    let heartbeat: NodeJS.Timeout | undefined;
    let welcomed = false;
    let refused = false;
    let nonce = "";
    let pendingKey: KeyObject | undefined;
    /** Every frame the agent sends is an `AgentMessage`, which the server checks against the same schema. */
    const send = (message: AgentMessage): boolean => {
      if (ws.readyState !== ws.OPEN) return false;
      ws.send(JSON.stringify(message));
      return true;
    };
    const session: Session = {
      send,
      get open() {
        return ws.readyState === ws.OPEN;
      },
    };

    ws.on("message", (data) => {
      let message: unknown;
      try {
        message = JSON.parse(String(data));
      } catch {
        message = undefined;
      }
      // Every frame is checked against the protocol's schema (compiled to plain code: the agent loads no schema library).
      if (!isServerMessage(message)) {
        // Only its type is logged: a work frame may carry parameter values.
        const type = (message as { type?: unknown } | null)?.type;
        log.warn(
          { type: typeof type === "string" ? type.slice(0, 40) : typeof message },
          "a frame from the server is not part of the protocol; ignored",
        );
        return;
      }
      if (message.type === "challenge") {
        nonce = message.nonce;
        const signature = sign(null, Buffer.from(helloSigningText(message.nonce, registration.InstanceId)), key).toString("base64");
        const address = primaryAddress();
        send({
          type: "hello",
          instanceId: registration.InstanceId,
          signature,
          agentVersion,
          platform,
          computerName: computerName(),
          ...(address ? { ipAddress: address } : {}),
        });
      } else if (message.type === "welcome") {
        welcomed = true;
        log.info({ instanceId: message.instanceId, server: registration.Server }, "connected");
        heartbeat = setInterval(() => send({ type: "heartbeat" }), message.heartbeatIntervalMs);
        work.sessionStarted(session);
        void rotationDue(options.stateDir, options.keyMaxAgeMs ?? defaultKeyMaxAgeMs)
          .then(async (due) => {
            if (!due) return;
            const rotation = await prepareRotation(options.stateDir, nonce, registration.InstanceId);
            pendingKey = rotation.key;
            send(rotation.message);
          })
          .catch((error: unknown) => log.error({ err: error }, "key rotation failed"));
      } else if (message.type === "key-rotated" && pendingKey) {
        const rotated = pendingKey;
        void completeRotation(options.stateDir)
          .then(() => {
            key = rotated;
            log.info({ graceUntil: message.graceUntil }, "key rotated");
          })
          .catch((error: unknown) => log.error({ err: error }, "key rotation failed"));
      } else if (message.type === "refused") {
        refused = true;
        log.error({ exception: message.exception, reason: message.message }, "the server refused this node");
      } else if (welcomed && (message.type === "session" || message.type === "session-ended")) {
        sessions.handle(message);
      } else if (welcomed) {
        work.handle(message);
      }
    });
    ws.on("close", (code) => {
      clearInterval(heartbeat);
      if (stopped) return;
      if (refused || code === refusedCloseCode) {
        stopped = true;
        finish("refused");
        return;
      }
      // A session that got as far as the welcome starts the backoff over.
      const next = welcomed ? 0 : attempt + 1;
      const delay = backoffDelay(next, options.backoff ?? defaultBackoff);
      log.warn({ code, retryInMs: delay }, "disconnected; reconnecting");
      retryTimer = setTimeout(() => connect(next), delay);
    });
    ws.on("error", (error) => log.debug({ err: error.message }, "channel error"));
  };

  connect(0);
  return {
    finished,
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      sessions.stopAll();
      socket?.close(1000, agentStoppingReason);
      finish("stopped");
    },
  };
}
