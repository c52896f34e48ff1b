/**
 * @module Bosun's `session-manager-plugin`: the program the AWS CLI runs after StartSession, with the same arguments
 * as Amazon's plugin (the StartSession answer, the Region, `StartSession`, the profile, the request, the endpoint).
 * It opens the StreamUrl, shows the session's token, answers the agent's handshake and then carries the session: a
 * terminal (raw keystrokes in, output out, resizes), a command's output, or a port — a local listener
 * (port forwarding) or its own standard input and output (SSH's ProxyCommand).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from "node:crypto";
import { createServer, type Socket } from "node:net";
import WebSocket from "ws";
import { type FrameCrypto, FrameError, PayloadFlag, PayloadType } from "../protocol/session/client-message.ts";
import { type ClientEncryption, ClientSession } from "../protocol/session/client-session.ts";
import { maxStreamPayload } from "../protocol/session/data-stream.ts";
import { maskOptions } from "../protocol/session/frame-masking.ts";
import type { SessionTypeRequest } from "../protocol/session/handshake.ts";
import { agentMultiplexes, Multiplexer, SmuxError } from "../protocol/session/smux.ts";
import { ApiClient, ApiError } from "./api-client.ts";
import { resolveCredentials } from "./credentials.ts";

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

/** Asks the server for a new token to the same session (ResumeSession). */
export type Resume = () => Promise<{ TokenValue: string; StreamUrl: string }>;

/** What the plugin asks the server for besides the data channel: with it, a dropped session resumes and data is encrypted. */
export interface SessionServices {
  resume: Resume;
  /** KMS's GenerateDataKey, for session-data encryption. */
  generateDataKey: ClientEncryption["generateDataKey"];
}

/** The services over Bosun's API (the endpoint the session was started at, with the same credentials). */
export function apiSessionServices(api: () => Promise<ApiClient>, sessionId: string): SessionServices {
  return {
    resume: async () => (await api()).call<{ TokenValue: string; StreamUrl: string }>("AmazonSSM.ResumeSession", { SessionId: sessionId }),
    async generateDataKey(keyId, context) {
      const key = await (await api()).call<{ Plaintext: string; CiphertextBlob: string }>("TrentService.GenerateDataKey", {
        KeyId: keyId,
        NumberOfBytes: 64,
        EncryptionContext: context,
      });
      return { plaintext: Buffer.from(key.Plaintext, "base64"), ciphertext: Buffer.from(key.CiphertextBlob, "base64") };
    },
  };
}

/** Runs one session; resolves with the process's exit code. */
export function runSession(answer: StartSessionAnswer, request: StartSessionRequest, services?: SessionServices): Promise<number> {
  const resume = services?.resume;
  return new Promise((resolve) => {
    let ws: WebSocket | undefined;
    /** When the current drop began (undefined while connected and hearing from the server). */
    let resumingSince: number | undefined;
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
        if (ws?.readyState !== WebSocket.OPEN) return false;
        ws.send(frame);
        return true;
      },
      onStart: (type, customerMessage) => {
        if (customerMessage) process.stderr.write(`${customerMessage}\n`);
        start(type);
      },
      onData: (payload, payloadType) => onData(payload, payloadType),
      onChannelClosed: (reason) => finish(reason ? `\n\nSessionId: ${answer.SessionId} : ${reason}\n\n` : undefined),
      ...(services && request.Target
        ? {
            encryption: {
              sessionId: answer.SessionId,
              targetId: request.Target,
              generateDataKey: services.generateDataKey,
              cipherFunctions: { createCipheriv, createDecipheriv, randomBytes },
              sha256: (data) => createHash("sha256").update(data).digest(),
            },
          }
        : {}),
      onFailure: (reason) => {
        process.stderr.write(`session-manager-plugin: ${reason}\n`);
        exitCode = 1;
        session.flag(PayloadFlag.terminateSession);
        setTimeout(() => finish(""), 200).unref();
      },
    });

    function finish(note?: string): void {
      if (finished) return;
      finished = true;
      cleanup();
      session.close();
      if (session.type?.SessionType !== "Port" || process.stdout.isTTY) {
        process.stdout.write(note ?? `\n\nExiting session with sessionId: ${answer.SessionId}.\n\n`);
      } else process.stderr.write(note ?? `\n\nExiting session with sessionId: ${answer.SessionId}.\n\n`);
      ws?.close();
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
      ws?.pause();
      const release = () => {
        writer.off("drain", release);
        writer.off("close", release);
        held = false;
        ws?.resume();
      };
      writer.once("drain", release);
      writer.once("close", release);
    }

    /** The session's own handling, by its type, once the handshake is complete. */
    function start(sessionType: SessionTypeRequest): void {
      if (sessionType.SessionType === "Port") {
        // As Amazon's plugin decides: the document's `type` says port forwarding; anything else is SSH's ProxyCommand.
        if (sessionType.Properties.type === "LocalPortForwarding")
          forwardLocalPort(Number(request.Parameters?.localPortNumber?.[0] ?? sessionType.Properties.localPortNumber ?? 0) || 0);
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

    /**
     * Port forwarding: a local listener; every connection it accepts is one stream of the multiplexed session, opened
     * at once, carried both ways (half-closes included) and closed when both sides are done.
     */
    function forwardLocalPort(localPort: number): void {
      if (!agentMultiplexes(session.agentVersion)) {
        process.stderr.write(
          `session-manager-plugin: the node's agent (${session.agentVersion ?? "unknown version"}) cannot carry port forwarding; update it.\n`,
        );
        session.flag(PayloadFlag.terminateSession);
        exitCode = 1;
        setTimeout(() => finish(""), 200).unref();
        return;
      }
      const mux = new Multiplexer(
        {
          send: (bytes) => session.write(bytes),
          // The node does not open streams toward the client.
          accept: () => undefined,
          congested: (connection) => holdUntilDrained(connection as Socket),
        },
        maxStreamPayload,
      );
      let announced = false;
      const server = createServer({ allowHalfOpen: true }, (socket) => {
        const streamId = mux.open(socket);
        if (streamId === undefined) {
          socket.destroy();
          return;
        }
        if (!announced) {
          announced = true;
          out(`\nConnection accepted for session [${answer.SessionId}]\n`);
        }
        socket.setNoDelay(true);
        socket.on("data", (chunk) => mux.data(streamId, chunk));
        socket.on("end", () => mux.ended(streamId));
        socket.on("close", () => mux.connectionClosed(streamId));
        socket.on("error", () => socket.destroy());
      });
      onData = (payload, payloadType) => {
        if (payloadType === PayloadType.output) {
          try {
            mux.receive(payload);
          } catch (error) {
            if (!(error instanceof SmuxError)) throw error;
            process.stderr.write(`session-manager-plugin: ${error.message}\n`);
            exitCode = 1;
            finish("");
          }
        } else if (payloadType === PayloadType.flag && payload.length >= 4 && payload.readUInt32BE(0) === PayloadFlag.connectToPortError)
          process.stderr.write("\nConnection to destination port failed, check SSM Agent logs.\n");
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
        mux.close();
        process.off("SIGINT", interrupt);
        process.off("SIGTERM", interrupt);
      };
    }

    /**
     * Opens the data channel. A connection that drops without a close frame (a network failure, a proxy's timeout, a
     * laptop that slept) is resumed: ResumeSession gives a new token, the plugin connects again and sends what the node
     * has not acknowledged, and the node does the same — nothing typed or forwarded is lost. A server that closes the
     * channel itself (the session ended, or refused) is not resumed, and resuming gives up after a minute.
     */
    function connect(url: string, token: string, resumed: boolean): void {
      const socket = new WebSocket(url, { handshakeTimeout: 15_000, maxPayload: 1024 * 1024, ...maskOptions(url) });
      ws = socket;
      if (held) socket.pause();
      let failure: string | undefined;
      socket.on("open", () => {
        socket.send(session.openingFrame(token));
        if (resumed) session.resendAll();
      });
      socket.on("message", (data, isBinary) => {
        if (!isBinary) return;
        resumingSince = undefined;
        try {
          session.receive(data as Buffer);
        } catch (error) {
          if (!(error instanceof FrameError)) throw error;
          process.stderr.write(`session-manager-plugin: ${error.message}\n`);
          exitCode = 1;
          finish("");
        }
      });
      socket.on("error", (error) => {
        failure = error.message;
      });
      socket.on("close", (code, reason) => {
        if (finished || socket !== ws) return;
        if (code === 1006 && resume && session.type) {
          void resumeSession(failure);
          return;
        }
        if (failure) {
          process.stderr.write(`session-manager-plugin: ${failure}\n`);
          exitCode = 1;
          finish("");
          return;
        }
        if (code === 4003) process.stderr.write(`session-manager-plugin: the server refused the session: ${reason.toString()}\n`);
        exitCode = exitCode || (code === 1000 ? 0 : 1);
        finish();
      });
    }

    async function resumeSession(why: string | undefined): Promise<void> {
      resumingSince ??= Date.now();
      for (let attempt = 0; !finished && resume; attempt++) {
        try {
          const resumed = await resume();
          if (!finished) connect(resumed.StreamUrl, resumed.TokenValue, true);
          return;
        } catch (error) {
          // An answer from the server (the session ended, access denied) is final; an unreachable server is retried.
          if (error instanceof ApiError || Date.now() - resumingSince > resumeForMs) {
            process.stderr.write(
              `session-manager-plugin: the connection was lost${why ? ` (${why})` : ""} and could not be resumed: ${(error as Error).message}\n`,
            );
            exitCode = 1;
            finish("");
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** attempt, 4_000)));
        }
      }
    }

    connect(answer.StreamUrl, answer.TokenValue, false);
  });
}

/** How long the plugin keeps trying to resume a dropped session. */
const resumeForMs = 60_000;

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
  const [answerJson, region, operation, profile, requestJson, endpoint] = argv;
  if (operation !== "StartSession" || !answerJson) {
    process.stderr.write("session-manager-plugin: run by the AWS CLI as `aws ssm start-session`.\n");
    return 1;
  }
  const answer = JSON.parse(answerJson) as StartSessionAnswer;
  const request = (requestJson ? JSON.parse(requestJson) : {}) as StartSessionRequest;
  // The AWS CLI passes the profile (empty when none) and the endpoint it called: ResumeSession and KMS's GenerateDataKey
  // go the same way, with the same credentials (the CLI's environment, or the profile's keys in the shared credentials
  // file).
  const api = async () =>
    new ApiClient({
      endpoint: endpoint ?? "",
      region: region || "us-east-1",
      credentials: await resolveCredentials(profile ? { profile } : {}),
    });
  return runSession(answer, request, endpoint ? apiSessionServices(api, answer.SessionId) : undefined);
}
