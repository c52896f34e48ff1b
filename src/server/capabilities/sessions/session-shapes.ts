/** @module What the Session Manager actions share: their dependencies, input shapes, ARNs and the answer's Session. */
import { randomBytes } from "node:crypto";
import type { ActionContext } from "../../core/api/action.ts";
import type { Keyring } from "../../core/crypto/keyring.ts";
import type { Scope } from "../../core/store/scope.ts";
import { AwsString } from "../../core/validation/aws-shapes.ts";
import type { BucketAccess } from "../buckets/index.ts";
import type { DocumentsCapability } from "../documents/index.ts";
import type { UserTagReader } from "../identity/index.ts";
import type { ManagedNodesCapability } from "../managed-nodes/index.ts";
import type { SessionRelay } from "./session-relay.ts";
import type { SessionRow, SessionStore } from "./session-store.ts";

export interface SessionDeps {
  store: SessionStore;
  relay: SessionRelay;
  documents: DocumentsCapability;
  nodes: ManagedNodesCapability;
  /** The caller's `SSMSessionRunAs` tag chooses the OS user when run-as is on. */
  userTags: UserTagReader;
  keyring: Keyring;
  /** Who may write recordings to the preferences' bucket. */
  buckets: BucketAccess;
  /** The base of the StreamUrl a client opens (`ws://host:port` or `wss://…`). */
  streamBase(): string;
  /** The token a session's agent attaches with: derived from the keyring, so every replica can hand it out. */
  agentToken(sessionId: string): string;
  /** Whether this replica holds the node's channel now (a late heartbeat does not make a connected agent offline). */
  channelHeld(instanceId: string): boolean;
  /** Tells the node's agent about a session, if its channel is held here (else the sweep of its replica does). */
  deliver(row: SessionRow): Promise<void>;
  /** Tells a node's agent that a session it may be starting has ended. */
  ended(row: SessionRow): void;
  /** Up to `max` bytes of an ended session's recording from `offset` (whole lines), or undefined when it has none. */
  readRecording(row: SessionRow, offset: number, max: number): Promise<{ content: Buffer; nextOffset?: number } | undefined>;
}

export const SessionIdShape = () => AwsString({ min: 1, max: 96 });
export const SessionTargetShape = () => AwsString({ min: 1, max: 400 });

export const sessionArn = (scope: Scope, sessionId: string): string =>
  `arn:aws:ssm:${scope.region}:${scope.accountId}:session/${sessionId}`;

/** How long a client token may wait before its first use (StartSession, ResumeSession). */
export const clientTokenLifetimeMs = 5 * 60_000;

/** A session id as SSM makes them: the caller's name and 17 hex digits. */
export function newSessionId(ctx: ActionContext): string {
  const name = ctx.principal.userName.replace(/[^a-zA-Z0-9@._+=,-]/g, "-").slice(0, 64);
  return `${name}-${randomBytes(9).toString("hex").slice(0, 17)}`;
}

export const newToken = (): string => randomBytes(32).toString("base64url");

export function streamUrl(relayBase: string, sessionId: string): string {
  return `${relayBase}/v1/data-channel/${encodeURIComponent(sessionId)}?role=publish_subscribe`;
}

/** A session as DescribeSessions answers it. */
export function sessionView(row: SessionRow) {
  return {
    SessionId: row.session_id,
    Target: row.target,
    Status: row.status,
    StartDate: row.start_date / 1000,
    ...(row.end_date !== null ? { EndDate: row.end_date / 1000 } : {}),
    DocumentName: row.document_name,
    Owner: row.owner,
    ...(row.reason ? { Reason: row.reason } : {}),
    ...(row.details ? { Details: row.details } : {}),
    ...(row.output_url ? { OutputUrl: { S3OutputUrl: row.output_url } } : {}),
    ...(row.max_session_duration ? { MaxSessionDuration: row.max_session_duration } : {}),
    AccessType: "Standard" as const,
  };
}

/**
 * Whether a node can take a session now: registered, not deregistered, and either its channel is held by this replica
 * or it sent a heartbeat lately (its channel may be on another replica). A heartbeat that is late on a busy machine
 * does not make a node whose channel is open here unreachable.
 */
export function canTakeSession(
  deps: SessionDeps,
  node: Awaited<ReturnType<SessionDeps["nodes"]["instances"]["get"]>>,
  now: number,
): boolean {
  if (!node || node.terminated_at !== null) return false;
  return deps.channelHeld(node.instance_id) || deps.nodes.pingStatus(node, now) === "Online";
}
