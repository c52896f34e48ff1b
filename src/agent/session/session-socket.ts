/**
 * @module The agent's end of one session: a data socket to the server, proven by the session's token, carrying the
 * session protocol — the agent asks for the session type (the handshake), then streams what its session plugin
 * (a terminal, a command, a port) reads and writes. Everything the plugin sends goes through the data stream's
 * window, so a slow client slows the shell or the forwarded connection instead of filling the agent's memory.
 */
import { createHash, randomUUID } from "node:crypto";
import type { Socket } from "node:net";
import WebSocket from "ws";
import { sessionSocketPath } from "../../protocol/agent/channel.ts";
import { type ClientMessage, type FrameCrypto, FrameError, MessageType, PayloadType } from "../../protocol/session/client-message.ts";
import { DataStream } from "../../protocol/session/data-stream.ts";
import {
  type HandshakeComplete,
  type HandshakeRequest,
  type HandshakeResponse,
  handshakeAgentVersion,
  type SessionType,
} from "../../protocol/session/handshake.ts";

/** The frames' SHA-256 and message ids, from Node. */
const nodeCrypto: FrameCrypto = { sha256: (data) => createHash("sha256").update(data).digest(), randomUUID };

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
  /** Starts the session's plugin once the client has answered the handshake. */
  start(channel: SessionChannel): SessionPlugin;
  onClosed(why: string): void;
}

/** Connects a session's data socket and runs the handshake; the plugin starts when the client has answered. */
export function openSession(options: OpenSessionOptions): { close(reason: string): void } {
  const ws = new WebSocket(sessionSocketUrl(options.server, options.sessionId), { handshakeTimeout: 10_000, maxPayload: 1024 * 1024 });
  let plugin: SessionPlugin | undefined;
  let closed = false;
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
      if (plugin) {
        plugin.onMessage(message);
        return;
      }
      if (message.payloadType !== PayloadType.handshakeResponse) return;
      const response = JSON.parse(message.payload.toString("utf8")) as HandshakeResponse;
      const failed = response.ProcessedClientActions.find((a) => a.ActionStatus !== 1);
      if (failed || response.Errors.length > 0) {
        close(`The client could not start the session: ${failed?.Error ?? response.Errors.join("; ")}`);
        return;
      }
      const complete: HandshakeComplete = {
        HandshakeTimeToComplete: Number(process.hrtime.bigint() - startedAt),
        CustomerMessage: "",
      };
      stream.sendNow(PayloadType.handshakeComplete, Buffer.from(JSON.stringify(complete)));
      plugin = options.start({
        write: (type, payload) => stream.write(type, payload),
        end: (reason) => close(reason),
        hold,
        clientVersion: String(response.ClientVersion ?? ""),
      });
    },
  });

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
      ],
    };
    stream.sendNow(PayloadType.handshakeRequest, Buffer.from(JSON.stringify(request)));
  });
  ws.on("message", (data, isBinary) => {
    if (!isBinary) return;
    try {
      stream.receive(data as Buffer);
    } catch (error) {
      if (error instanceof FrameError) close("The client sent a frame that is not a message of the session protocol.");
      else throw error;
    }
  });
  ws.on("close", () => close("The session's connection closed."));
  ws.on("error", () => close("The session's connection failed."));
  return { close };
}
