/**
 * @module The agent channel: one outbound WebSocket per node at `/agent/v1`, small JSON frames.
 * The server speaks first with a challenge; the agent answers with a hello signed by its Ed25519 key.
 * This file holds no schema library: the agent on every node loads it (schemas are in channel-schema.ts).
 */
export const channelPath = "/agent/v1";
/** Close code when the server will not take this node (deregistered, bad signature): the agent stops retrying. */
export const refusedCloseCode = 4003;

/** What an agent sends; the server checks each frame against `AgentMessage` in channel-schema.ts. */
export type AgentMessage =
  | {
      type: "hello";
      instanceId: string;
      signature: string;
      agentVersion: string;
      platform: { Type: "Linux" | "MacOS" | "Windows"; Name: string; Version: string };
      ipAddress?: string;
      computerName?: string;
    }
  | { type: "heartbeat" }
  | { type: "rotate-key"; publicKey: string; proof: string };
export type AgentHello = Extract<AgentMessage, { type: "hello" }>;

export type ServerMessage =
  | { type: "challenge"; nonce: string }
  | { type: "welcome"; instanceId: string; heartbeatIntervalMs: number }
  | { type: "key-rotated"; graceUntil: string }
  | { type: "refused"; exception: string; message: string };

/** What a hello's signature covers: a purpose, the server's one-time nonce and the node's id. */
export const helloSigningText = (nonce: string, instanceId: string): string => `bosun-agent-hello\n${nonce}\n${instanceId}`;
/** What a new key signs to prove possession during rotation. */
export const rotationSigningText = (nonce: string, instanceId: string): string => `bosun-agent-rotate-key\n${nonce}\n${instanceId}`;
