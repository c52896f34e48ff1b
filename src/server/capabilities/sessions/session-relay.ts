/**
 * @module The server's part of a live session: it joins the client's data socket (the plugin, the console) and the
 * agent's, and carries frames between them unchanged — the handshake, acknowledgements and resends are theirs, end to
 * end. It reads each frame's header on the way (never trusting it): input from the client keeps the session from
 * idling, a client's TerminateSession flag ends it, and every stream frame goes to the session's recorder.
 *
 * A session whose data is encrypted (the kmsKeyId preference) has the agent ask, in a text frame, for its data key to be
 * opened: the relay has the capability open it (bound to this session and node, in its account) and keeps the key to
 * read what it records. Encryption protects the data on its way (through proxies, between replicas); the server that
 * holds the account's key can read it, as it must to record it (docs/decisions/023-session-data-encryption.md).
 *
 * Memory is bounded: frames that arrive before the other side are kept up to a limit, and a side whose peer reads
 * slowly stops being read (its socket is paused) until the peer has taken what was sent.
 */
import type { RawData, WebSocket } from "ws";
import {
  type ClientMessage,
  channelClosedMessage,
  decodeMessage,
  encodeMessage,
  type FrameCrypto,
  FrameError,
  MessageType,
  PayloadFlag,
  PayloadType,
} from "../../../protocol/session/client-message.ts";
import { type NodeCipherFunctions, SessionCipher } from "../../../protocol/session/session-cipher.ts";

/** Bytes sent to a side and not yet written to its socket, past which the other side is paused. */
const highWaterBytes = 4 * 1024 * 1024;
const lowWaterBytes = 1024 * 1024;
/** Bytes kept for a side that has not attached yet. */
const maxQueuedBytes = 4 * 1024 * 1024;

export type Side = "client" | "agent";

/** What the relay tells the capability: the session is up, or it ended and why. */
export interface RelayEvents {
  connected(sessionId: string): void;
  disconnected(sessionId: string): void;
  ended(sessionId: string, details: string): void;
  /** A stream message passed (for the recording): who sent it and the message. */
  frame?(sessionId: string, from: Side, message: ClientMessage): void;
  /**
   * The agent asks for the session's data key: the key the ciphertext blob holds, if it is bound to this session and
   * node and sealed under the session's key; throws with the reason otherwise.
   */
  openDataKey?(info: LiveSessionInfo, ciphertext: Buffer): Buffer;
}

export interface LiveSessionInfo {
  sessionId: string;
  target: string;
  sessionType: string;
  idleTimeoutMs: number;
  /** Epoch ms the session must end by; undefined: no limit. */
  endsAt: number | undefined;
  accountId: string;
  region: string;
  /** The KMS key (ARN) the session's data is encrypted under; undefined: not encrypted. */
  kmsKeyArn: string | undefined;
}

/** How the relay reads an encrypted session for its recording: what each side sealed, opened with that side's half. */
interface RecordingCiphers {
  fromAgent: SessionCipher;
  fromClient: SessionCipher;
}

interface Endpoint {
  socket: WebSocket;
  /** Bytes handed to this socket and not yet written. */
  unwritten: number;
}

class LiveSession {
  readonly endpoints: Partial<Record<Side, Endpoint>> = {};
  readonly queued: Record<Side, Buffer[]> = { client: [], agent: [] };
  queuedBytes = 0;
  idleTimer: NodeJS.Timeout | undefined;
  endTimer: NodeJS.Timeout | undefined;
  graceTimer: NodeJS.Timeout | undefined;
  connected = false;
  ended = false;
  ciphers: RecordingCiphers | undefined;
  constructor(readonly info: LiveSessionInfo) {}
}

export class SessionRelay {
  private readonly live = new Map<string, LiveSession>();

  constructor(
    private readonly events: RelayEvents,
    private readonly options: { now: () => number; resumeGraceMs: number; crypto: FrameCrypto; ciphers: NodeCipherFunctions },
  ) {}

  /** Sessions this server relays now. */
  get size(): number {
    return this.live.size;
  }

  isLive(sessionId: string): boolean {
    return this.live.has(sessionId);
  }

  /** Attaches one side's socket; a side that attaches again (a resumed client) replaces the older socket. */
  attach(info: LiveSessionInfo, side: Side, socket: WebSocket): void {
    let session = this.live.get(info.sessionId);
    if (!session) {
      session = new LiveSession(info);
      this.live.set(info.sessionId, session);
      this.armEnd(session);
    }
    const current = session;
    const previous = current.endpoints[side];
    if (previous) previous.socket.close(1000, "replaced by a newer connection");
    const endpoint: Endpoint = { socket, unwritten: 0 };
    current.endpoints[side] = endpoint;
    clearTimeout(current.graceTimer);
    socket.on("message", (data, isBinary) => this.onFrame(current, side, data, isBinary));
    socket.on("close", (_code, reason) => this.onClose(current, side, endpoint, reason.toString()));
    socket.on("error", () => socket.terminate());
    // What waited for this side, in order.
    for (const frame of current.queued[side].splice(0)) {
      current.queuedBytes -= frame.length;
      this.deliver(current, side, frame);
    }
    if (current.endpoints.client && current.endpoints.agent) {
      if (!current.connected) {
        current.connected = true;
        this.events.connected(info.sessionId);
      }
      this.armIdle(current);
      for (const other of Object.values(current.endpoints)) other?.socket.resume();
    }
  }

  /** Ends a session: the client hears why (channel_closed), both sockets close. */
  terminate(sessionId: string, details: string): void {
    const session = this.live.get(sessionId);
    if (session) this.end(session, details);
  }

  close(): void {
    for (const session of [...this.live.values()]) this.end(session, "The server is shutting down.");
  }

  private onFrame(session: LiveSession, from: Side, data: RawData, isBinary: boolean): void {
    if (session.ended) return;
    // Each side's first text frame (its token) was read by the route; later, only the agent's key request means something.
    if (!isBinary) {
      if (from === "agent") this.onDataKeyRequest(session, data);
      return;
    }
    const frame = Buffer.isBuffer(data) ? data : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]);
    let message: ClientMessage;
    try {
      // The digest is the receiving end's to check; the relay reads the header and the payload it looks at.
      message = decodeMessage(frame);
    } catch (error) {
      if (error instanceof FrameError) {
        this.end(session, `The ${from} sent a frame that is not a message of the session protocol.`);
        return;
      }
      throw error;
    }
    if (from === "client" && message.messageType === MessageType.input) {
      this.armIdle(session);
      if (
        message.payloadType === PayloadType.flag &&
        message.payload.length >= 4 &&
        message.payload.readUInt32BE(0) === PayloadFlag.terminateSession
      ) {
        this.deliver(session, "agent", frame);
        this.end(session, "The client ended the session.");
        return;
      }
    }
    // Passed on first, recorded after: the recording stays off a keystroke's way to the shell and its echo's way back.
    this.deliver(session, from === "client" ? "agent" : "client", frame);
    if (message.messageType === MessageType.input || message.messageType === MessageType.output) {
      const readable = this.readable(session, from, message);
      if (readable) this.events.frame?.(session.info.sessionId, from, readable);
    }
  }

  /** A stream message as the recording keeps it: opened when its sender encrypted it; undefined when it does not open. */
  private readable(session: LiveSession, from: Side, message: ClientMessage): ClientMessage | undefined {
    const cipher = from === "agent" ? session.ciphers?.fromAgent : session.ciphers?.fromClient;
    if (!cipher?.decrypts(message.payloadType)) return message;
    try {
      return { ...message, payload: cipher.decrypt(message.payload) };
    } catch {
      // The receiving end refuses it and ends the session; the recording keeps nothing it cannot read.
      return undefined;
    }
  }

  /** The agent's `{"openDataKey": <base64 blob>}`: answered `{"dataKey": …}` or `{"error": …}`, once per session. */
  private onDataKeyRequest(session: LiveSession, data: RawData): void {
    const agent = session.endpoints.agent?.socket;
    if (!agent) return;
    const answer = (body: object) => agent.send(JSON.stringify(body));
    let blob: string | undefined;
    try {
      const request = JSON.parse(String(data)) as { openDataKey?: unknown };
      blob = typeof request.openDataKey === "string" ? request.openDataKey : undefined;
    } catch {
      blob = undefined;
    }
    if (blob === undefined || !session.info.kmsKeyArn || session.ciphers || !this.events.openDataKey) {
      answer({ error: "This session has no data key to open." });
      return;
    }
    let dataKey: Buffer | undefined;
    try {
      dataKey = this.events.openDataKey(session.info, Buffer.from(blob, "base64"));
      session.ciphers = {
        // The client's end opens what the agent sealed, and the agent's end what the client sealed.
        fromAgent: new SessionCipher(dataKey, "client", this.options.ciphers),
        fromClient: new SessionCipher(dataKey, "agent", this.options.ciphers),
      };
      answer({ dataKey: dataKey.toString("base64") });
    } catch (error) {
      answer({ error: error instanceof Error ? error.message : "The data key could not be opened." });
    } finally {
      dataKey?.fill(0);
    }
  }

  /** Sends to a side, or keeps the frame until it attaches; a slow side pauses the other. */
  private deliver(session: LiveSession, to: Side, frame: Buffer): void {
    const endpoint = session.endpoints[to];
    const from: Side = to === "client" ? "agent" : "client";
    if (!endpoint || endpoint.socket.readyState !== endpoint.socket.OPEN) {
      session.queued[to].push(frame);
      session.queuedBytes += frame.length;
      if (session.queuedBytes > maxQueuedBytes) session.endpoints[from]?.socket.pause();
      return;
    }
    endpoint.unwritten += frame.length;
    endpoint.socket.send(frame, { binary: true }, () => {
      endpoint.unwritten -= frame.length;
      if (endpoint.unwritten < lowWaterBytes) session.endpoints[from]?.socket.resume();
    });
    if (endpoint.unwritten > highWaterBytes) session.endpoints[from]?.socket.pause();
  }

  private onClose(session: LiveSession, side: Side, endpoint: Endpoint, reason: string): void {
    if (session.endpoints[side] !== endpoint || session.ended) return;
    delete session.endpoints[side];
    if (side === "agent") {
      // An agent that ends a session says why in its close reason (the shell exited); a lost agent says nothing.
      this.end(session, reason || "The agent's connection ended.");
      return;
    }
    // A client that went away may come back (ResumeSession) within the grace; then the session ends.
    this.events.disconnected(session.info.sessionId);
    clearTimeout(session.idleTimer);
    session.graceTimer = setTimeout(() => this.end(session, "The client did not come back."), this.options.resumeGraceMs);
    session.graceTimer.unref();
  }

  private armIdle(session: LiveSession): void {
    clearTimeout(session.idleTimer);
    session.idleTimer = setTimeout(
      () => this.end(session, "Your session timed out due to inactivity and has been terminated."),
      session.info.idleTimeoutMs,
    );
    session.idleTimer.unref();
  }

  private armEnd(session: LiveSession): void {
    if (session.info.endsAt === undefined) return;
    session.endTimer = setTimeout(
      () => this.end(session, "Your session has reached its maximum duration and has been terminated."),
      Math.max(0, session.info.endsAt - this.options.now()),
    );
    session.endTimer.unref();
  }

  private end(session: LiveSession, details: string): void {
    if (session.ended) return;
    session.ended = true;
    this.live.delete(session.info.sessionId);
    for (const timer of [session.idleTimer, session.endTimer, session.graceTimer]) clearTimeout(timer);
    const client = session.endpoints.client?.socket;
    if (client && client.readyState === client.OPEN) {
      const closed = channelClosedMessage(session.info.sessionId, session.info.target, details, this.options.crypto, this.options.now());
      client.send(encodeMessage(closed, this.options.crypto));
      client.close(1000, "session ended");
    }
    session.endpoints.agent?.socket.close(1000, "session ended");
    this.events.ended(session.info.sessionId, details);
  }
}
