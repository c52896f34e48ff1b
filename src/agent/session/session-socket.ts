/**
 * @module The agent's end of one session: a data socket to the server, proven by the session's token, carrying the
 * session protocol — the agent asks for the session type (the handshake), then streams what its session plugin
 * (a terminal, a command, a port) reads and writes. Everything the plugin sends goes through the data stream's window,
 * so a slow client slows the shell or the forwarded connection instead of filling the agent's memory.
 *
 * When the preferences name a KMS key, the handshake asks the client for a data key too: the agent has its server open
 * the key's ciphertext (a text frame on this socket), proves with a challenge that the client holds the same key, and
 * from then on the stream encrypts (protocol/session/session-cipher.ts).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { Socket } from "node:net";
import WebSocket from "ws";
import { sessionSocketPath } from "../../protocol/agent/channel.ts";
import { type ClientMessage, type FrameCrypto, FrameError, MessageType, PayloadType } from "../../protocol/session/client-message.ts";
import { DataStream } from "../../protocol/session/data-stream.ts";
import { maskOptions } from "../../protocol/session/frame-masking.ts";
import {
  type HandshakeComplete,
  type HandshakeRequest,
  type HandshakeResponse,
  handshakeAgentVersion,
  type SessionType,
} from "../../protocol/session/handshake.ts";
import {
  type EncryptionChallenge,
  type KmsEncryptionResponse,
  type NodeCipherFunctions,
  SessionCipher,
} from "../../protocol/session/session-cipher.ts";

/** The frames' SHA-256 and message ids, from Node. */
const nodeCrypto: FrameCrypto = { sha256: (data) => createHash("sha256").update(data).digest(), randomUUID };
const nodeCiphers: NodeCipherFunctions = { createCipheriv, createDecipheriv, randomBytes };

/** The random bytes the agent's encryption challenge seals. */
const challengeBytes = 64;

export interface SessionChannel {
  /** Sends a payload to the client (split and windowed; in parts: one message); resolves when the window has room again. */
  write(payloadType: number, payload: Buffer | readonly Buffer[]): Promise<void>;
  /** Ends the session from the node's side, saying why (the shell exited). */
  end(reason: string): void;
  /**
   * Stops reading the client's messages until the returned function is called: a plugin whose own output is full (a
   * forwarded connection that reads slowly) holds the client back, through the unacknowledged window, instead of
   * keeping what the client sends in memory.
   */
  hold(): () => void;
  /** The version the client's handshake answer reported (it chooses, with the properties, how a port is carried). */
  clientVersion: string;
}

/** Holds the client back (`channel.hold`) until a forwarded connection that could not take more drains or closes. */
export function holdUntilDrained(channel: SessionChannel, connection: Socket): void {
  const release = channel.hold();
  const done = () => {
    connection.off("drain", done).off("close", done);
    release();
  };
  connection.once("drain", done).once("close", done);
}

export interface SessionPlugin {
  /** A stream message from the client after the handshake (keystrokes, a resize, port data, a flag). */
  onMessage(message: ClientMessage): void;
  /** The session ended (either side): stop the process or the connection; nothing may be left behind. */
  stop(): void;
}

export function sessionSocketUrl(server: string, sessionId: string): string {
  const url = new URL(`${sessionSocketPath}${encodeURIComponent(sessionId)}`, server);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

export interface OpenSessionOptions {
  server: string;
  sessionId: string;
  token: string;
  sessionType: SessionType;
  /** What the client's plugin needs to know (a port session's ports). */
  handshakeProperties: Record<string, unknown>;
  /** The session preferences' KMS key: the session's data is encrypted under a data key of it. */
  kmsKeyId?: string;
  /** Starts the session's plugin once the client has answered the handshake. */
  start(channel: SessionChannel): SessionPlugin;
  onClosed(why: string): void;
}

/** Connects a session's data socket and runs the handshake; the plugin starts when the client has answered. */
export function openSession(options: OpenSessionOptions): { close(reason: string): void } {
  const url = sessionSocketUrl(options.server, options.sessionId);
  const ws = new WebSocket(url, { handshakeTimeout: 10_000, maxPayload: 1024 * 1024, ...maskOptions(url) });
  let plugin: SessionPlugin | undefined;
  let closed = false;
  let clientVersion = "";
  let cipher: SessionCipher | undefined;
  /** The bytes the encryption challenge sealed, until the client answers. */
  let challenge: Buffer | undefined;
  /** Waits for the server's answer to an openDataKey frame. */
  let keyAnswer: ((answer: { dataKey?: unknown; error?: unknown }) => void) | undefined;
  const startedAt = process.hrtime.bigint();

  const stream = new DataStream({
    sendType: MessageType.output,
    crypto: nodeCrypto,
    now: Date.now,
    send: (frame) => {
      if (ws.readyState !== ws.OPEN) return false;
      ws.send(frame);
      return true;
    },
    onMessage(message) {
      if (plugin) plugin.onMessage(message);
      else if (message.payloadType === PayloadType.handshakeResponse)
        onHandshakeResponse(message.payload).catch(() => close("The client's handshake answer is not one the agent can read."));
      else if (message.payloadType === PayloadType.encChallengeResponse) onChallengeAnswer(message.payload);
    },
  });

  /** The client answered the handshake: with encryption asked for, the data key is opened and challenged first. */
  async function onHandshakeResponse(payload: Buffer): Promise<void> {
    const response = JSON.parse(payload.toString("utf8")) as HandshakeResponse;
    clientVersion = String(response.ClientVersion ?? "");
    const failed = response.ProcessedClientActions.find((a) => a.ActionStatus !== 1);
    if (failed || response.Errors.length > 0) {
      close(`The client could not start the session: ${failed?.Error ?? response.Errors.join("; ")}`);
      return;
    }
    if (!options.kmsKeyId) {
      begin();
      return;
    }
    const kms = response.ProcessedClientActions.find((a) => a.ActionType === "KMSEncryption")?.ActionResult as
      | Partial<KmsEncryptionResponse>
      | undefined;
    if (typeof kms?.KMSCipherTextKey !== "string") {
      close("The client did not send the session's data key.");
      return;
    }
    let dataKey: Buffer;
    try {
      dataKey = await openDataKey(kms.KMSCipherTextKey);
    } catch (error) {
      close(`The session's data key could not be opened: ${(error as Error).message}`);
      return;
    }
    try {
      cipher = new SessionCipher(dataKey, "agent", nodeCiphers);
    } catch {
      close("The session's data key is not a session key.");
      return;
    } finally {
      dataKey.fill(0);
    }
    challenge = randomBytes(challengeBytes);
    const request: EncryptionChallenge = { Challenge: cipher.encrypt(challenge).toString("base64") };
    stream.sendNow(PayloadType.encChallengeRequest, Buffer.from(JSON.stringify(request)));
  }

  /** The client's answer to the challenge: the same bytes, sealed with its half of the key. */
  function onChallengeAnswer(payload: Buffer): void {
    if (!cipher || !challenge) return;
    let answered: Buffer;
    try {
      answered = cipher.decrypt(Buffer.from(String((JSON.parse(payload.toString("utf8")) as EncryptionChallenge).Challenge), "base64"));
    } catch {
      answered = Buffer.alloc(0);
    }
    if (answered.length !== challenge.length || !timingSafeEqual(answered, challenge)) {
      close("The client could not prove it holds the session's data key.");
      return;
    }
    challenge = undefined;
    stream.cipher = cipher;
    begin();
  }

  /** The handshake is complete: the client hears so, and the session's plugin starts. */
  function begin(): void {
    if (closed) return;
    const complete: HandshakeComplete = {
      HandshakeTimeToComplete: Number(process.hrtime.bigint() - startedAt),
      CustomerMessage: "",
    };
    stream.sendNow(PayloadType.handshakeComplete, Buffer.from(JSON.stringify(complete)));
    plugin = options.start({
      write: (type, payload) => stream.write(type, payload),
      end: (reason) => close(reason),
      hold,
      clientVersion,
    });
  }

  /** Has the server open the data key's ciphertext (it checks the blob is bound to this session and node). */
  function openDataKey(ciphertext: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      keyAnswer = (answer) => {
        keyAnswer = undefined;
        if (typeof answer.dataKey === "string") resolve(Buffer.from(answer.dataKey, "base64"));
        else reject(new Error(typeof answer.error === "string" ? answer.error : "the server did not open it"));
      };
      ws.send(JSON.stringify({ openDataKey: ciphertext }));
    });
  }

  let holds = 0;
  function hold(): () => void {
    if (holds++ === 0) ws.pause();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--holds === 0) ws.resume();
    };
  }

  function close(reason: string): void {
    if (closed) return;
    closed = true;
    plugin?.stop();
    stream.close();
    // The close reason is at most 123 bytes; the server records it as the session's details.
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(1000, Buffer.from(reason).subarray(0, 120).toString());
    options.onClosed(reason);
  }

  ws.on("open", () => {
    ws.send(JSON.stringify({ token: options.token }));
    const request: HandshakeRequest = {
      AgentVersion: handshakeAgentVersion,
      RequestedClientActions: [
        { ActionType: "SessionType", ActionParameters: { SessionType: options.sessionType, Properties: options.handshakeProperties } },
        ...(options.kmsKeyId ? [{ ActionType: "KMSEncryption" as const, ActionParameters: { KMSKeyId: options.kmsKeyId } }] : []),
      ],
    };
    stream.sendNow(PayloadType.handshakeRequest, Buffer.from(JSON.stringify(request)));
  });
  ws.on("message", (data, isBinary) => {
    if (!isBinary) {
      // The server's only text frame answers openDataKey.
      try {
        keyAnswer?.(JSON.parse(String(data)) as { dataKey?: unknown; error?: unknown });
      } catch {
        close("The server sent a text frame that is not JSON.");
      }
      return;
    }
    try {
      stream.receive(data as Buffer);
    } catch (error) {
      // Whatever a client sends ends at most its own session: the agent serves every other session on the node.
      if (error instanceof FrameError) close(`The client sent a frame that is not a message of the session protocol: ${error.message}`);
      else close(`The session could not take a message from the client: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  ws.on("close", () => close("The session's connection closed."));
  ws.on("error", () => close("The session's connection failed."));
  return { close };
}
