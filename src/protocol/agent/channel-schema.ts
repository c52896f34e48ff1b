/** @module The agent channel's frames as schemas, for the server to check every frame an agent sends. */
import { Type } from "@sinclair/typebox";

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
