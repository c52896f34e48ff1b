/**
 * @module The agent channel: one outbound WebSocket per node at `/agent/v1`, small JSON frames.
 * The server speaks first with a challenge; the agent answers with a hello signed by its Ed25519 key.
 * The agent on every node loads this file, so it loads no schema library: the frames' schemas, and the types derived
 * from them, are in channel-schema.ts.
 */
export const channelPath = "/agent/v1";
/** Close code when the server will not take this node (deregistered, bad signature): the agent stops retrying. */
export const refusedCloseCode = 4003;
/** The close reason an agent gives when its service stops (close code 1000), as opposed to a lost connection. */
export const agentStoppingReason = "agent stopping";

// The frames themselves are defined once, as schemas; their types come from there (erased at compile time).
export type {
  AgentHello,
  AgentMessage,
  AgentPatchReport,
  AvailablePatchFrame,
  CommandWork,
  InventoryItemFrame,
  OutputStream,
  PatchStateFrame,
  ServerMessage,
  SessionWork,
  StepResult,
  StepStatus,
  WorkResult,
  WorkStep,
} from "./channel-schema.ts";

/** Where an agent connects a session's data socket: the session id follows. */
export const sessionSocketPath = "/agent/v1/sessions/";

/** The most output bytes an agent keeps unacknowledged in flight (backpressure for large outputs). */
export const outputWindowBytes = 1024 * 1024;
/** The size of one output frame's payload before base64. */
export const outputChunkBytes = 128 * 1024;

/** What a hello's signature covers: a purpose, the server's one-time nonce and the node's id. */
export const helloSigningText = (nonce: string, instanceId: string): string => `bosun-agent-hello\n${nonce}\n${instanceId}`;
/** What a new key signs to prove possession during rotation. */
export const rotationSigningText = (nonce: string, instanceId: string): string => `bosun-agent-rotate-key\n${nonce}\n${instanceId}`;
