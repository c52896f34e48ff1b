/**
 * @module The agent channel: one outbound WebSocket per node at `/agent/v1`, small JSON frames.
 * The server speaks first with a challenge; the agent answers with a hello signed by its Ed25519 key.
 */
import { type Static, Type } from "@sinclair/typebox";

export const channelPath = "/agent/v1";
/** Close code when the server will not take this node (deregistered, bad signature): the agent stops retrying. */
export const refusedCloseCode = 4003;

const Platform = Type.Object({
  Type: Type.Union([Type.Literal("Linux"), Type.Literal("MacOS"), Type.Literal("Windows")]),
  Name: Type.String({ maxLength: 200 }),
  Version: Type.String({ maxLength: 100 }),
});

export const AgentHello = Type.Object({
  type: Type.Literal("hello"),
  instanceId: Type.String({ pattern: "^mi-[0-9a-f]{17}$" }),
  /** base64 Ed25519 signature over `helloSigningText(nonce, instanceId)`. */
  signature: Type.String({ minLength: 1, maxLength: 200 }),
  agentVersion: Type.String({ pattern: "^[0-9]{1,6}(\\.[0-9]{1,6}){2,3}$" }),
  platform: Platform,
  ipAddress: Type.Optional(Type.String({ maxLength: 46 })),
  computerName: Type.Optional(Type.String({ maxLength: 255 })),
});

export const AgentHeartbeat = Type.Object({ type: Type.Literal("heartbeat") });

export const AgentRotateKey = Type.Object({
  type: Type.Literal("rotate-key"),
  /** The new public key (base64 SPKI DER) and its signature over the session's nonce, proving the agent holds it. */
  publicKey: Type.String({ minLength: 1, maxLength: 1024 }),
  proof: Type.String({ minLength: 1, maxLength: 200 }),
});

export const AgentMessage = Type.Union([AgentHello, AgentHeartbeat, AgentRotateKey]);
export type AgentMessage = Static<typeof AgentMessage>;
export type AgentHello = Static<typeof AgentHello>;

export type ServerMessage =
  | { type: "challenge"; nonce: string }
  | { type: "welcome"; instanceId: string; heartbeatIntervalMs: number }
  | { type: "key-rotated"; graceUntil: string }
  | { type: "refused"; exception: string; message: string };

/** What a hello's signature covers: a purpose, the server's one-time nonce and the node's id. */
export const helloSigningText = (nonce: string, instanceId: string): string => `bosun-agent-hello\n${nonce}\n${instanceId}`;
/** What a new key signs to prove possession during rotation. */
export const rotationSigningText = (nonce: string, instanceId: string): string => `bosun-agent-rotate-key\n${nonce}\n${instanceId}`;
