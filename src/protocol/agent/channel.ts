/**
 * @module The agent channel: one outbound WebSocket per node at `/agent/v1`, small JSON frames.
 * The server speaks first with a challenge; the agent answers with a hello signed by its Ed25519 key.
 * This file holds no schema library: the agent on every node loads it (schemas are in channel-schema.ts).
 */
export const channelPath = "/agent/v1";
/** Close code when the server will not take this node (deregistered, bad signature): the agent stops retrying. */
export const refusedCloseCode = 4003;
/** The close reason an agent gives when its service stops (close code 1000), as opposed to a lost connection. */
export const agentStoppingReason = "agent stopping";

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
  | { type: "rotate-key"; publicKey: string; proof: string }
  /** The agent claimed the work on disk and started it. */
  | { type: "work-accepted"; commandId: string; startedAt: number }
  /** A piece of a step's full output, for the object store; `offset` is where it starts in the stream. */
  | { type: "output"; commandId: string; step: number; stream: OutputStream; offset: number; data: string }
  | ({ type: "result" } & WorkResult)
  /** What an inventory step gathered, sent before its result (and again with it after a reconnect). */
  | { type: "inventory"; commandId: string; items: InventoryItemFrame[] };

/** One inventory type of a node, as PutInventory takes it. */
export interface InventoryItemFrame {
  TypeName: string;
  SchemaVersion: string;
  CaptureTime: string;
  Content: Record<string, string>[];
}
export type AgentHello = Extract<AgentMessage, { type: "hello" }>;

export type OutputStream = "stdout" | "stderr";

/** One step of a command as the agent runs it (the server rendered the parameters in). */
export interface WorkStep {
  name: string;
  action: string;
  runCommand: string[];
  /** Values the script expands from its environment (the server puts references' values here, never into code). */
  environment?: Record<string, string>;
  workingDirectory: string;
  timeoutSeconds: number;
  /** Skip the step unless the node is of this platform (the document's precondition). */
  platformType?: string;
  /** A non-script plugin's inputs, rendered (aws:softwareInventory: applications, files, ...). */
  inputs?: Record<string, string>;
}

/** A command invocation for one node. */
export interface CommandWork {
  commandId: string;
  documentName: string;
  steps: WorkStep[];
  /** Send each step's full output to the server (the command named an output bucket). */
  uploadOutput: boolean;
}

export type StepStatus = "Success" | "Failed" | "TimedOut" | "Cancelled" | "Skipped";

export interface StepResult {
  name: string;
  action: string;
  status: StepStatus;
  /** The SSM wording: Success, Failed, Execution Timed Out, Cancelled, Invalid Platform, Skipped. */
  statusDetails: string;
  responseCode: number;
  startedAt?: number;
  endedAt?: number;
  /** The head of each stream (what GetCommandInvocation shows), and the full size the agent captured. */
  stdout: string;
  stderr: string;
  stdoutBytes: number;
  stderrBytes: number;
}

export interface WorkResult {
  commandId: string;
  /** The invocation's StatusDetails as SSM words it. */
  statusDetails: string;
  responseCode: number;
  startedAt?: number;
  endedAt: number;
  steps: StepResult[];
}

export type ServerMessage =
  | { type: "challenge"; nonce: string }
  | { type: "welcome"; instanceId: string; heartbeatIntervalMs: number }
  | { type: "key-rotated"; graceUntil: string }
  | { type: "refused"; exception: string; message: string }
  | ({ type: "work" } & CommandWork)
  | { type: "cancel"; commandId: string }
  /** How much of a stream the server holds: the agent continues from there (0 after a server restart). */
  | { type: "output-ack"; commandId: string; step: number; stream: OutputStream; size: number }
  /** The result is stored durably: the agent may forget the invocation's output files. */
  | { type: "result-ack"; commandId: string };

/** The most output bytes an agent keeps unacknowledged in flight (backpressure for large outputs). */
export const outputWindowBytes = 1024 * 1024;
/** The size of one output frame's payload before base64. */
export const outputChunkBytes = 128 * 1024;

/** What a hello's signature covers: a purpose, the server's one-time nonce and the node's id. */
export const helloSigningText = (nonce: string, instanceId: string): string => `bosun-agent-hello\n${nonce}\n${instanceId}`;
/** What a new key signs to prove possession during rotation. */
export const rotationSigningText = (nonce: string, instanceId: string): string => `bosun-agent-rotate-key\n${nonce}\n${instanceId}`;
