/**
 * @module The agent gateway: the WebSocket at /agent/v1. A node connects out to it, answers a one-time challenge with
 * a signature by its registered key, then sends heartbeats; deregistered or unproven nodes are refused.
 */
import { createPublicKey, generateKeyPairSync, randomBytes, verify } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import {
  type AgentHello,
  type AgentMessage,
  agentStoppingReason,
  channelPath,
  helloSigningText,
  refusedCloseCode,
  rotationSigningText,
  type ServerMessage,
} from "../../../protocol/agent/channel.ts";
import { AgentMessage as AgentMessageSchema } from "../../../protocol/agent/channel-schema.ts";
import { MissingAuthenticationToken } from "../../../protocol/errors/errors.ts";
import { respondError } from "../../core/api/respond.ts";
import type { Route } from "../../core/http/http-server.ts";
import type { Logger } from "../../core/log.ts";
import { BatchWriter } from "../../core/store/batch-writer.ts";
import type { InstanceRow, InstanceStore } from "./instance-store.ts";

const checkMessage = TypeCompiler.Compile(AgentMessageSchema);
const helloTimeoutMs = 10_000;
/** Unhandled frames a channel may queue before its socket stops reading: several output windows. */
const maxQueuedFrameBytes = 16 * 1024 * 1024;

/** The bytes a received frame holds (ws hands over a Buffer, an ArrayBuffer or fragments). */
const frameBytes = (data: RawData): number =>
  Array.isArray(data) ? data.reduce((sum, part) => sum + part.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;
/** How long a replaced key keeps working, so an agent that crashed mid-rotation can still connect. */
export const keyRotationGraceMs = 3_600_000;

export interface GatewayOptions {
  heartbeatIntervalMs: number;
  log: Logger;
  /** The server's clock: hellos, heartbeats, key rotations and stops are recorded at its time. */
  now: () => number;
}

function send(socket: WebSocket, message: ServerMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

function refuse(socket: WebSocket, exception: string, message: string): void {
  send(socket, { type: "refused", exception, message });
  socket.close(refusedCloseCode, exception);
}

function signedBy(publicKeyBase64: string | null, text: string, signatureBase64: string): boolean {
  if (!publicKeyBase64) return false;
  try {
    const key = createPublicKey({ key: Buffer.from(publicKeyBase64, "base64"), format: "der", type: "spki" });
    return verify(null, Buffer.from(text), key, Buffer.from(signatureBase64, "base64"));
  } catch {
    return false;
  }
}

/** A text frame that is a message of the agent protocol, or undefined. */
function parseFrame(data: RawData, isBinary: boolean): AgentMessage | undefined {
  if (isBinary) return undefined;
  let message: unknown;
  try {
    message = JSON.parse(String(data));
  } catch {
    return undefined;
  }
  return checkMessage.Check(message) ? message : undefined;
}

/** The current key, or the previous one while its grace lasts. */
type NodeKeys = Pick<InstanceRow, "public_key" | "previous_public_key" | "previous_key_valid_until">;

/** A key no node holds: an unknown node id's hello is checked against it, as much work as a real node's. */
const unknownNode: NodeKeys = {
  public_key: generateKeyPairSync("ed25519").publicKey.export({ format: "der", type: "spki" }).toString("base64"),
  previous_public_key: null,
  previous_key_valid_until: null,
};

function proves(row: NodeKeys, text: string, signature: string, now: number): boolean {
  if (signedBy(row.public_key, text, signature)) return true;
  return row.previous_key_valid_until !== null && row.previous_key_valid_until > now && signedBy(row.previous_public_key, text, signature);
}

/** Frames other capabilities handle (work, output, results, inventory): all but the channel's own. */
export type CapabilityFrameType = Exclude<AgentMessage["type"], "hello" | "heartbeat" | "rotate-key">;
type FrameOf = { [T in CapabilityFrameType]: Extract<AgentMessage, { type: T }> };
export type FrameHandler<T extends CapabilityFrameType> = (instanceId: string, message: FrameOf[T]) => Promise<void>;
/** One handler per frame type, each typed for its frame (a correlated mapped type: no cast at dispatch). */
type FrameHandlers = { [T in CapabilityFrameType]?: FrameHandler<T> };

export interface AgentGateway {
  route: Route;
  /** Ids of the nodes connected to this server process. */
  connected(): string[];
  isConnected(instanceId: string): boolean;
  /** Sends a frame to a connected node; false when the node holds no channel to this process. */
  send(instanceId: string, message: ServerMessage): boolean;
  /** Bytes queued on a node's socket and not yet written (for backpressure). */
  buffered(instanceId: string): number;
  /** Called when a node proved itself and holds a channel to this process (deliver what waits for it). */
  onConnected(listener: (instanceId: string) => void): void;
  /** Closes a node's channel (its node was terminated). */
  disconnect(instanceId: string, reason: string): void;
  /** Routes one type of frame to the capability that owns it; frames of a node are handled one at a time, in order. */
  onFrame<T extends CapabilityFrameType>(type: T, handler: FrameHandler<T>): void;
  close(): Promise<void>;
}

export function createAgentGateway(instances: InstanceStore, options: GatewayOptions): AgentGateway {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 17 * 1024 * 1024 });
  const sessions = new Map<string, WebSocket>();
  const connectedListeners: ((instanceId: string) => void)[] = [];
  const handlers: FrameHandlers = {};
  const dispatch = <T extends CapabilityFrameType>(instanceId: string, type: T, message: FrameOf[T]) =>
    handlers[type]?.(instanceId, message);
  const pings = new BatchWriter<{ instanceId: string; at: number }>((batch) => instances.recordPings(batch));

  async function onHello(socket: WebSocket, nonce: string, hello: AgentHello): Promise<string | undefined> {
    const now = options.now();
    const row = await instances.getForAgent(hello.instanceId);
    // Before the node has proved itself, an unknown id and a wrong key get the same answer after the same work, so
    // the channel does not tell which node ids exist. A proven node may hear that it was terminated.
    const proved = proves(row ?? unknownNode, helloSigningText(nonce, hello.instanceId), hello.signature, now);
    if (!row || !proved) {
      refuse(socket, "InvalidInstanceId", `${hello.instanceId} is not registered, or the hello was not signed by its registered key.`);
      return undefined;
    }
    if (row.terminated_at !== null) {
      refuse(socket, "InvalidInstanceId", `${hello.instanceId} was reported terminated.`);
      return undefined;
    }
    await instances.recordHello(
      hello.instanceId,
      {
        platform_type: hello.platform.Type,
        platform_name: hello.platform.Name,
        platform_version: hello.platform.Version,
        agent_version: hello.agentVersion,
        ip_address: hello.ipAddress ?? null,
        computer_name: hello.computerName ?? null,
      },
      now,
    );
    // A node holds one channel: a newer connection replaces an older one.
    sessions.get(hello.instanceId)?.close(1000, "replaced by a newer connection");
    sessions.set(hello.instanceId, socket);
    send(socket, { type: "welcome", instanceId: hello.instanceId, heartbeatIntervalMs: options.heartbeatIntervalMs });
    options.log.info({ instanceId: hello.instanceId, agentVersion: hello.agentVersion }, "agent connected");
    for (const listener of connectedListeners) listener(hello.instanceId);
    return hello.instanceId;
  }

  /** A new key proves itself by signing the session's nonce; the old one keeps working for the grace period. */
  async function onRotateKey(socket: WebSocket, nonce: string, instanceId: string, publicKey: string, proof: string): Promise<void> {
    const row = await instances.getForAgent(instanceId);
    if (!row || !signedBy(publicKey, rotationSigningText(nonce, instanceId), proof)) {
      refuse(socket, "InvalidSignatureException", "The new key did not prove itself.");
      return;
    }
    const graceUntil = options.now() + keyRotationGraceMs;
    await instances.rotateKey(instanceId, row.public_key, publicKey, graceUntil);
    send(socket, { type: "key-rotated", graceUntil: new Date(graceUntil).toISOString() });
    options.log.info({ instanceId }, "agent key rotated");
  }

  function onConnection(socket: WebSocket): void {
    const nonce = randomBytes(32).toString("base64");
    let instanceId: string | undefined;
    let pending = Promise.resolve();
    // Bytes received and not handled yet: past the bound the socket stops reading (TCP pushes back on the agent),
    // so an agent sending faster than the server stores — or a hostile one — cannot fill the server's memory.
    let queuedBytes = 0;
    const helloTimer = setTimeout(
      () => refuse(socket, "MissingAuthenticationTokenException", "No hello within 10 seconds."),
      helloTimeoutMs,
    );
    send(socket, { type: "challenge", nonce });

    /** One frame, after the hello: heartbeats and key rotation are the channel's own, the rest go to capabilities. */
    async function onFrame(message: AgentMessage, node: string): Promise<void> {
      if (message.type === "hello") return;
      if (message.type === "heartbeat") await pings.submit({ instanceId: node, at: options.now() });
      else if (message.type === "rotate-key") await onRotateKey(socket, nonce, node, message.publicKey, message.proof);
      else await dispatch(node, message.type, message);
    }

    socket.on("message", (data, isBinary) => {
      const bytes = frameBytes(data);
      queuedBytes += bytes;
      if (queuedBytes > maxQueuedFrameBytes) socket.pause();
      // Frames are handled one at a time, in order.
      pending = pending
        .then(async () => {
          const message = parseFrame(data, isBinary);
          if (!message) {
            refuse(socket, "SerializationException", "The frame is not a message of the agent protocol.");
          } else if (message.type === "hello" && !instanceId) {
            clearTimeout(helloTimer);
            instanceId = await onHello(socket, nonce, message);
          } else if (!instanceId) {
            refuse(socket, "MissingAuthenticationTokenException", "The first message must be a signed hello.");
          } else if (sessions.get(instanceId) === socket) {
            // A replaced or disconnected (deregistered) channel's queued frames are not handled.
            await onFrame(message, instanceId);
          }
        })
        .catch((error: unknown) => {
          options.log.error({ err: error, instanceId }, "agent message failed");
          socket.close(1011, "internal error");
        })
        .finally(() => {
          queuedBytes -= bytes;
          if (socket.isPaused && queuedBytes <= maxQueuedFrameBytes / 2) socket.resume();
        });
    });
    socket.on("close", (code, reason) => {
      clearTimeout(helloTimer);
      if (instanceId && sessions.get(instanceId) === socket) {
        sessions.delete(instanceId);
        options.log.info({ instanceId }, "agent disconnected");
        // The agent's service stopping says so; a lost network or a crash does not (unmanaged-machine reasons).
        if (code === 1000 && reason.toString() === agentStoppingReason) {
          const stopped = instanceId;
          void instances.recordAgentStopped(stopped, options.now()).catch((error: unknown) => {
            options.log.warn({ err: error, instanceId: stopped }, "recording the agent's stop failed");
          });
        }
      }
    });
    socket.on("error", (error) => options.log.warn({ err: error, instanceId }, "agent socket error"));
  }

  wss.on("connection", onConnection);

  return {
    route: {
      method: "GET",
      path: channelPath,
      auth: "agent-key",
      async handle(_req, res) {
        // A plain GET is not a WebSocket and carries no proof.
        respondError(res, new MissingAuthenticationToken("The agent channel needs a WebSocket upgrade and a signed hello."));
      },
      upgrade(req: IncomingMessage, socket, head) {
        wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
      },
    },
    connected: () => [...sessions.keys()],
    isConnected: (instanceId) => sessions.has(instanceId),
    disconnect(instanceId, reason) {
      const socket = sessions.get(instanceId);
      sessions.delete(instanceId);
      if (socket) refuse(socket, "InvalidInstanceId", reason);
    },
    send(instanceId, message) {
      const socket = sessions.get(instanceId);
      if (!socket || socket.readyState !== socket.OPEN) return false;
      socket.send(JSON.stringify(message));
      return true;
    },
    buffered: (instanceId) => sessions.get(instanceId)?.bufferedAmount ?? 0,
    onConnected(listener) {
      connectedListeners.push(listener);
    },
    onFrame(type, handler) {
      // TypeScript relates a generic key to its mapped type when reading (dispatch), not when writing.
      (handlers as Record<CapabilityFrameType, unknown>)[type] = handler;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of wss.clients) socket.close(1001, "server shutting down");
        // Give agents a moment to see the close frame, then drop whatever is left.
        setTimeout(() => {
          for (const socket of wss.clients) socket.terminate();
          wss.close(() => resolve());
        }, 200).unref();
      }),
  };
}
