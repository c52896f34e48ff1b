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

const CommandId = Type.String({ pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$" });
const Stream = Type.Union([Type.Literal("stdout"), Type.Literal("stderr")]);
const Epoch = Type.Number({ minimum: 0 });

export const AgentWorkAccepted = Type.Object({ type: Type.Literal("work-accepted"), commandId: CommandId, startedAt: Epoch });

export const AgentOutput = Type.Object({
  type: Type.Literal("output"),
  commandId: CommandId,
  step: Type.Integer({ minimum: 0, maximum: 100 }),
  stream: Stream,
  offset: Type.Integer({ minimum: 0 }),
  /** base64 of at most outputChunkBytes. */
  data: Type.String({ maxLength: 200_000 }),
});

const StepResult = Type.Object({
  name: Type.String({ maxLength: 100 }),
  action: Type.String({ maxLength: 100 }),
  status: Type.Union([
    Type.Literal("Success"),
    Type.Literal("Failed"),
    Type.Literal("TimedOut"),
    Type.Literal("Cancelled"),
    Type.Literal("Skipped"),
  ]),
  statusDetails: Type.String({ maxLength: 100 }),
  responseCode: Type.Integer(),
  startedAt: Type.Optional(Epoch),
  endedAt: Type.Optional(Epoch),
  stdout: Type.String({ maxLength: 24_000 }),
  stderr: Type.String({ maxLength: 24_000 }),
  stdoutBytes: Type.Integer({ minimum: 0 }),
  stderrBytes: Type.Integer({ minimum: 0 }),
});

export const AgentResult = Type.Object({
  type: Type.Literal("result"),
  commandId: CommandId,
  statusDetails: Type.Union(
    ["Success", "Failed", "Execution Timed Out", "Cancelled", "Invalid Platform", "Undeliverable"].map((s) => Type.Literal(s)),
  ),
  responseCode: Type.Integer(),
  startedAt: Type.Optional(Epoch),
  endedAt: Epoch,
  steps: Type.Array(StepResult, { maxItems: 100 }),
});

export const AgentInventory = Type.Object({
  type: Type.Literal("inventory"),
  commandId: CommandId,
  items: Type.Array(
    Type.Object({
      TypeName: Type.String({ pattern: "^(AWS|Custom):.{1,95}$" }),
      SchemaVersion: Type.String({ pattern: "^[0-9]{1,6}\\.[0-9]{1,6}$" }),
      CaptureTime: Type.String({ maxLength: 30 }),
      Content: Type.Array(Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 4096 })), { maxItems: 10_000 }),
    }),
    { maxItems: 30 },
  ),
});

export const AgentMessage = Type.Union([
  AgentHello,
  AgentHeartbeat,
  AgentRotateKey,
  AgentWorkAccepted,
  AgentOutput,
  AgentResult,
  AgentInventory,
]);
