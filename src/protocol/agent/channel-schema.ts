/**
 * @module The agent channel's frames, both ways, as schemas: the one definition of the protocol. The types are derived
 * from them (`Static`); the server checks every frame an agent sends against `AgentMessage`, and the agent checks
 * every frame the server sends with `isServerMessage`, generated from `ServerMessage` (server-message-check.ts) so the
 * agent never loads the schema library. channel.ts re-exports the types with `export type`, which the compiler erases.
 */
import { type Static, Type } from "@sinclair/typebox";
import { complianceLevels } from "../patch/baseline.ts";

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

export const CommandId = Type.String({ pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$" });
const Stream = Type.Union([Type.Literal("stdout"), Type.Literal("stderr")]);
export type OutputStream = Static<typeof Stream>;
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

const StepStatus = Type.Union([
  Type.Literal("Success"),
  Type.Literal("Failed"),
  Type.Literal("TimedOut"),
  Type.Literal("Cancelled"),
  Type.Literal("Skipped"),
]);
export type StepStatus = Static<typeof StepStatus>;

export const StepResult = Type.Object({
  name: Type.String({ maxLength: 100 }),
  action: Type.String({ maxLength: 100 }),
  status: StepStatus,
  /** The SSM wording: Success, Failed, Execution Timed Out, Cancelled, Invalid Platform, Skipped. */
  statusDetails: Type.String({ maxLength: 100 }),
  responseCode: Type.Integer(),
  startedAt: Type.Optional(Epoch),
  endedAt: Type.Optional(Epoch),
  /** The head of each stream (what GetCommandInvocation shows), and the full size the agent captured. */
  stdout: Type.String({ maxLength: 24_000 }),
  stderr: Type.String({ maxLength: 24_000 }),
  stdoutBytes: Type.Integer({ minimum: 0 }),
  stderrBytes: Type.Integer({ minimum: 0 }),
});

const WorkResultFields = {
  commandId: CommandId,
  /** The invocation's StatusDetails as SSM words it. */
  statusDetails: Type.Union(
    (["Success", "Failed", "Execution Timed Out", "Cancelled", "Invalid Platform", "Undeliverable"] as const).map((s) => Type.Literal(s)),
  ),
  responseCode: Type.Integer(),
  startedAt: Type.Optional(Epoch),
  endedAt: Epoch,
  steps: Type.Array(StepResult, { maxItems: 100 }),
};
export const WorkResult = Type.Object(WorkResultFields);

export const AgentResult = Type.Object({ type: Type.Literal("result"), ...WorkResultFields });

/** One inventory type of a node, as PutInventory takes it. */
export const InventoryItemFrame = Type.Object({
  TypeName: Type.String({ pattern: "^(AWS|Custom):.{1,95}$" }),
  SchemaVersion: Type.String({ pattern: "^[0-9]{1,6}\\.[0-9]{1,6}$" }),
  CaptureTime: Type.String({ maxLength: 30 }),
  Content: Type.Array(Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 4096 })), { maxItems: 10_000 }),
});

/** What an inventory step gathered, sent before its result (and again with it after a reconnect). */
export const AgentInventory = Type.Object({
  type: Type.Literal("inventory"),
  commandId: CommandId,
  items: Type.Array(InventoryItemFrame, { maxItems: 30 }),
});

/** SSM's patch states: how each package stands against the baseline after a scan or an install. */
export const patchStates = [
  "INSTALLED",
  "INSTALLED_OTHER",
  "INSTALLED_PENDING_REBOOT",
  "INSTALLED_REJECTED",
  "MISSING",
  "NOT_APPLICABLE",
  "FAILED",
  "AVAILABLE_SECURITY_UPDATE",
] as const;
const short = (maxLength: number) => Type.String({ maxLength });

/** One package (a Linux patch) as an AWS-RunPatchBaseline run left it. */
export const PatchStateFrame = Type.Object({
  /** The package's name. */
  title: short(256),
  /** The version the state is about: the one installed, or the one missing. */
  kbId: short(256),
  classification: short(64),
  severity: short(64),
  state: Type.Union(patchStates.map((state) => Type.Literal(state))),
  /** The baseline's compliance level for it (UNSPECIFIED when none applies). */
  complianceLevel: Type.Union(complianceLevels.map((level) => Type.Literal(level))),
  installedTime: Type.Optional(Epoch),
  cveIds: Type.Optional(short(2048)),
  /** The version is a security update (from a security suite or advisory). */
  security: Type.Optional(Type.Boolean()),
  /** The package version, architecture, product (`Debian12`) and repository (suite) the state is about. */
  version: Type.Optional(short(256)),
  arch: Type.Optional(short(32)),
  product: Type.Optional(short(64)),
  repository: Type.Optional(short(128)),
});

/** A newer version the node's repositories offer for an installed package: the catalog DescribeAvailablePatches lists. */
export const AvailablePatchFrame = Type.Object({
  name: short(256),
  version: short(256),
  arch: short(32),
  product: short(64),
  repository: short(128),
  classification: short(64),
  severity: short(64),
  security: Type.Boolean(),
});

/** What an AWS-RunPatchBaseline step found or did, sent before its result (and again with it after a reconnect). */
export const AgentPatchReport = Type.Object({
  type: Type.Literal("patch"),
  commandId: CommandId,
  baselineId: short(128),
  patchGroup: short(256),
  operation: Type.Union([Type.Literal("Scan"), Type.Literal("Install")]),
  rebootOption: Type.Union([Type.Literal("RebootIfNeeded"), Type.Literal("NoReboot")]),
  startedAt: Epoch,
  endedAt: Epoch,
  /** The baseline's AvailableSecurityUpdatesComplianceStatus: how an unapproved security update counts, when it is set. */
  availableSecurityUpdates: Type.Optional(Type.Union([Type.Literal("COMPLIANT"), Type.Literal("NON_COMPLIANT")])),
  patches: Type.Array(PatchStateFrame, { maxItems: 20_000 }),
  available: Type.Optional(Type.Array(AvailablePatchFrame, { maxItems: 20_000 })),
});

export const AgentMessage = Type.Union([
  AgentHello,
  AgentHeartbeat,
  AgentRotateKey,
  AgentWorkAccepted,
  AgentOutput,
  AgentResult,
  AgentInventory,
  AgentPatchReport,
]);

// What the server sends. Its frames are trusted less than their size suggests: the agent checks each one too.

export const WorkStep = Type.Object({
  name: Type.String(),
  action: Type.String(),
  runCommand: Type.Array(Type.String()),
  /** Values the script expands from its environment (the server puts references' values here, never into code). */
  environment: Type.Optional(Type.Record(Type.String(), Type.String())),
  workingDirectory: Type.String(),
  timeoutSeconds: Type.Number({ minimum: 0 }),
  /** Skip the step unless the node is of this platform (the document's precondition). */
  platformType: Type.Optional(Type.String()),
  /** A non-script plugin's inputs, rendered (aws:softwareInventory: applications, files, ...). */
  inputs: Type.Optional(Type.Record(Type.String(), Type.String())),
});

/** A command invocation for one node. */
const CommandWorkFields = {
  commandId: CommandId,
  documentName: Type.String(),
  steps: Type.Array(WorkStep),
  /** Send each step's full output to the server (the command named an output bucket). */
  uploadOutput: Type.Boolean(),
};
export const CommandWork = Type.Object(CommandWorkFields);

/**
 * A session the node's agent is to serve (Session Manager): it connects a data socket to the server for it, proving
 * itself with the token, and runs the session type with its properties and the account's session preferences.
 */
const SessionWorkFields = {
  sessionId: Type.String({ pattern: "^[a-zA-Z0-9@._+=,-]{1,96}$" }),
  token: Type.String({ minLength: 1, maxLength: 200 }),
  sessionType: Type.Union([
    Type.Literal("Standard_Stream"),
    Type.Literal("InteractiveCommands"),
    Type.Literal("NonInteractiveCommands"),
    Type.Literal("Port"),
  ]),
  /** The document's properties, parameters filled in (a port session's portNumber and host; a command's commands). */
  properties: Type.Record(Type.String(), Type.Unknown()),
  /** The user the shell or command runs as; absent: the agent's own user. */
  runAsUser: Type.Optional(Type.String({ maxLength: 32 })),
  /** Sourced by the shell before the session starts (the shellProfile preference). */
  shellProfile: Type.Optional(Type.String({ maxLength: 1024 })),
  /** The KMS key (its ARN) the session's data is encrypted under (the kmsKeyId preference); absent: not encrypted. */
  kmsKeyId: Type.Optional(Type.String({ maxLength: 2048 })),
  /** Where to open the session's data socket (the replica the client reaches): ws:// or wss://. Absent: the agent's server. */
  relay: Type.Optional(Type.String({ maxLength: 2048, pattern: "^wss?://" })),
};
export const SessionWork = Type.Object(SessionWorkFields);

export const ServerMessage = Type.Union([
  Type.Object({ type: Type.Literal("challenge"), nonce: Type.String() }),
  Type.Object({ type: Type.Literal("welcome"), instanceId: Type.String(), heartbeatIntervalMs: Type.Number({ minimum: 1 }) }),
  Type.Object({ type: Type.Literal("key-rotated"), graceUntil: Type.String() }),
  Type.Object({ type: Type.Literal("refused"), exception: Type.String(), message: Type.String() }),
  Type.Object({ type: Type.Literal("work"), ...CommandWorkFields }),
  Type.Object({ type: Type.Literal("cancel"), commandId: CommandId }),
  /** How much of a stream the server holds: the agent continues from there (0 after a server restart). */
  Type.Object({
    type: Type.Literal("output-ack"),
    commandId: CommandId,
    step: Type.Integer({ minimum: 0 }),
    stream: Stream,
    size: Type.Integer({ minimum: 0 }),
  }),
  /** The result is stored durably: the agent may forget the invocation's output files. */
  Type.Object({ type: Type.Literal("result-ack"), commandId: CommandId }),
  Type.Object({ type: Type.Literal("session"), ...SessionWorkFields }),
  /** The session ended before the agent's data socket reached the server (TerminateSession, a timeout). */
  Type.Object({ type: Type.Literal("session-ended"), sessionId: SessionWorkFields.sessionId }),
]);

export type AgentMessage = Static<typeof AgentMessage>;
export type AgentHello = Static<typeof AgentHello>;
export type ServerMessage = Static<typeof ServerMessage>;
export type StepResult = Static<typeof StepResult>;
export type WorkResult = Static<typeof WorkResult>;
export type WorkStep = Static<typeof WorkStep>;
export type CommandWork = Static<typeof CommandWork>;
export type SessionWork = Static<typeof SessionWork>;
export type InventoryItemFrame = Static<typeof InventoryItemFrame>;
export type PatchStateFrame = Static<typeof PatchStateFrame>;
export type AgentPatchReport = Static<typeof AgentPatchReport>;
export type AvailablePatchFrame = Static<typeof AvailablePatchFrame>;
