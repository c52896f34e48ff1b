/**
 * @module Bosun's `session-manager-plugin`: the program the AWS CLI runs after StartSession, with the same arguments
 * as Amazon's plugin (the StartSession answer, the Region, `StartSession`, the profile, the request, the endpoint).
 * It opens the StreamUrl, shows the session's token, answers the agent's handshake and then carries the session: a
 * terminal (raw keystrokes in, output out, resizes), a command's output, or a port — a local listener
 * (port forwarding) or its own standard input and output (SSH's ProxyCommand).
 */
import { createHash, randomUUID } from "node:crypto";
import { createServer, type Socket } from "node:net";
import WebSocket from "ws";
import { type FrameCrypto, FrameError, PayloadFlag, PayloadType } from "../protocol/session/client-message.ts";
import { ClientSession } from "../protocol/session/client-session.ts";
import type { SessionTypeRequest } from "../protocol/session/handshake.ts";

export const pluginVersion = "1.2.0.0";

/** The frames' SHA-256 and message ids, from Node. */
const nodeCrypto: FrameCrypto = { sha256: (data) => createHash("sha256").update(data).digest(), randomUUID };

interface StartSessionAnswer {
  SessionId: string;
  TokenValue: string;
  StreamUrl: string;
}

interface StartSessionRequest {
  Target?: string;
  DocumentName?: string;
  Parameters?: Record<string, string[]>;
}

const out = (text: string) => process.stdout.write(text);

/** Runs one session; resolves with the process's exit code. */
export function runSession(answer: StartSessionAnswer, request: StartSessionRequest): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(answer.StreamUrl, { handshakeTimeout: 15_000, maxPayload: 1024 * 1024 });
    let exitCode = 0;
    let finished = false;
    let held = false;
    let onData: (payload: Buffer, payloadType: number) => void = () => undefined;
    let cleanup: () => void = () => undefined;

    const session = new ClientSession({
      token: answer.TokenValue,
      clientVersion: pluginVersion,
      crypto: nodeCrypto,
      now: Date.now,
      send: (frame) => {
        if (ws.readyState !== ws.OPEN) return false;
        ws.send(frame);
        return true;
      },
      onStart: (type, customerMessage) => {
        if (customerMessage) process.stderr.write(`${customerMessage}\n`);
        start(type);
      },
      onData: (payload, payloadType) => onData(payload, payloadType),
      onChannelClosed: (reason) => finish(reason ? `\n\nSessionId: ${answer.SessionId} : ${reason}\n\n` : undefined),
    });

    function finish(note?: string): void {
      if (finished) return;
      finished = true;
      cleanup();
      session.close();
      if (session.type?.SessionType !== "Port" || process.stdout.isTTY) {
        process.stdout.write(note ?? `\n\nExiting session with sessionId: ${answer.SessionId}.\n\n`);
      } else process.stderr.write(note ?? `\n\nExiting session with sessionId: ${answer.SessionId}.\n\n`);
      ws.close();
      resolve(session.exitCode || exitCode);
    }

    /**
     * Stops reading the session until a local writer has drained: the agent's window fills, since nothing more is
     * acknowledged, and the node stops reading the forwarded connection, so a slow local reader never fills this
     * process's memory.
     */
    function holdUntilDrained(writer: NodeJS.WritableStream): void {
      if (held) return;
      held = true;
      ws.pause();
      const release = () => {
        writer.off("drain", release);
        writer.off("close", release);
        held = false;
        ws.resume();
      };
      writer.once("drain", release);
      writer.once("close", release);
    }

    /** The session's own handling, by its type, once the handshake is complete. */
    function start(sessionType: SessionTypeRequest): void {
      if (sessionType.SessionType === "Port") {
        const local = request.Parameters?.localPortNumber?.[0];
        if (local !== undefined) forwardLocalPort(Number(local));
        else pipeStandardStreams();
      } else terminal(sessionType.SessionType === "NonInteractiveCommands");
    }

    function terminal(outputOnly: boolean): void {
      out(`\nStarting session with SessionId: ${answer.SessionId}\n`);
      onData = (payload, payloadType) => {
        if (payloadType === PayloadType.stdErr) process.stderr.write(payload);
        else if (payloadType === PayloadType.output) process.stdout.write(payload);
      };
      if (outputOnly) return;
      const stdin = process.stdin;
      const sendSize = () => session.resize(process.stdout.columns ?? 80, process.stdout.rows ?? 24);
      if (stdin.isTTY) stdin.setRawMode(true);
      sendSize();
      process.stdout.on("resize", sendSize);
      process.on("SIGWINCH", sendSize);
      const onKeys = (chunk: Buffer) => void session.write(chunk);
      stdin.on("data", onKeys);
      stdin.resume();
      cleanup = () => {
        stdin.off("data", onKeys);
        if (stdin.isTTY) stdin.setRawMode(false);
        stdin.pause();
        process.stdout.off("resize", sendSize);
        process.off("SIGWINCH", sendSize);
      };
    }

    /** SSH's ProxyCommand: this process's standard input and output are the connection. */
    function pipeStandardStreams(): void {
      onData = (payload, payloadType) => {
        if (payloadType === PayloadType.output && !process.stdout.write(payload)) holdUntilDrained(process.stdout);
      };
      const onInput = (chunk: Buffer) => {
        process.stdin.pause();
        void session.write(chunk).then(() => process.stdin.resume());
      };
      process.stdin.on("data", onInput);
      // An empty payload: the node connects now (SSH's server speaks first).
      void session.write(Buffer.alloc(0));
      process.stdin.on("end", () => {
        session.flag(PayloadFlag.terminateSession);
        setTimeout(() => finish(""), 200).unref();
      });
      process.stdin.resume();
      cleanup = () => process.stdin.off("data", onInput);
    }

    /** Port forwarding: a local listener; connections are carried one at a time, in the order they came. */
    function forwardLocalPort(localPort: number): void {
      let current: Socket | undefined;
      const waiting: Socket[] = [];
      const carry = (socket: Socket) => {
        current = socket;
        socket.setNoDelay(true);
        // An empty payload: the node connects now, so a server that speaks first reaches this connection.
        void session.write(Buffer.alloc(0));
        socket.on("data", (chunk) => {
          socket.pause();
          void session.write(chunk).then(() => socket.resume());
        });
        socket.resume();
      };
      const server = createServer((socket) => {
        socket.on("error", () => socket.destroy());
        socket.on("close", () => {
          const queued = waiting.indexOf(socket);
          if (queued >= 0) waiting.splice(queued, 1);
          if (current !== socket) return;
          current = undefined;
          session.flag(PayloadFlag.disconnectToPort);
          const next = waiting.shift();
          if (next) carry(next);
        });
        // A connection that comes while another is carried waits for it (the session carries one at a time).
        if (current) {
          socket.pause();
          waiting.push(socket);
        } else carry(socket);
      });
      onData = (payload, payloadType) => {
        if (payloadType === PayloadType.output && current && !current.write(payload)) holdUntilDrained(current);
        else if (payloadType === PayloadType.flag && payload.length >= 4 && payload.readUInt32BE(0) === PayloadFlag.connectToPortError)
          current?.destroy();
      };
      server.listen(localPort, "127.0.0.1", () => {
        const address = server.address();
        const port = typeof address === "object" && address ? address.port : localPort;
        out(
          `\nStarting session with SessionId: ${answer.SessionId}\nPort ${port} opened for sessionId ${answer.SessionId}.\nWaiting for connections...\n`,
        );
      });
      const interrupt = () => {
        session.flag(PayloadFlag.terminateSession);
        setTimeout(() => finish(), 200).unref();
      };
      process.once("SIGINT", interrupt);
      process.once("SIGTERM", interrupt);
      cleanup = () => {
        server.close();
        current?.destroy();
        for (const socket of waiting) socket.destroy();
        process.off("SIGINT", interrupt);
        process.off("SIGTERM", interrupt);
      };
    }

    ws.on("open", () => ws.send(session.openingFrame()));
    ws.on("message", (data, isBinary) => {
      if (!isBinary) return;
      try {
        session.receive(data as Buffer);
      } catch (error) {
        if (!(error instanceof FrameError)) throw error;
        process.stderr.write(`session-manager-plugin: ${error.message}\n`);
        exitCode = 1;
        finish("");
      }
    });
    ws.on("close", (code, reason) => {
      if (finished) return;
      if (code === 4003) process.stderr.write(`session-manager-plugin: the server refused the session: ${reason.toString()}\n`);
      exitCode = exitCode || (code === 1000 ? 0 : 1);
      finish();
    });
    ws.on("error", (error) => {
      process.stderr.write(`session-manager-plugin: ${error.message}\n`);
      exitCode = 1;
      finish("");
    });
  });
}

/** The plugin's command line, as the AWS CLI calls it. */
export async function main(argv: readonly string[]): Promise<number> {
  if (argv.length === 0) {
    out("\nThe Session Manager plugin was installed successfully. Use the AWS CLI to start a session.\n\n");
    return 0;
  }
  if (argv[0] === "--version") {
    out(`${pluginVersion}\n`);
    return 0;
  }
  const [answerJson, , operation, , requestJson] = argv;
  if (operation !== "StartSession" || !answerJson) {
    process.stderr.write("session-manager-plugin: run by the AWS CLI as `aws ssm start-session`.\n");
    return 1;
  }
  const answer = JSON.parse(answerJson) as StartSessionAnswer;
  const request = (requestJson ? JSON.parse(requestJson) : {}) as StartSessionRequest;
  return runSession(answer, request);
}
