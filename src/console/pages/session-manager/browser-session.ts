/**
 * @module A Session Manager session from the browser: StartSession with the signed-in keys, then the data channel
 * (the StreamUrl, a WebSocket to the same server) carrying the same protocol as the session-manager-plugin — the
 * client's end is `protocol/session/client-session.ts`, shared with the plugin. The protocol's frames are Node-style
 * Buffers and need a synchronous SHA-256: the `buffer` package and @noble/hashes bring both to the browser. Session-data
 * encryption needs a synchronous AES-GCM too (WebCrypto's is asynchronous, and the stream hands messages on in order
 * as they arrive): @noble/ciphers brings it, shaped as Node's createCipheriv.
 */
import { StartSessionCommand } from "@aws-sdk/client-ssm";
import { gcm } from "@noble/ciphers/aes.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { Buffer as BrowserBuffer } from "buffer";
import { type FrameCrypto, FrameError } from "../../../protocol/session/client-message.ts";
import { ClientSession } from "../../../protocol/session/client-session.ts";
import type { NodeCipherFunctions } from "../../../protocol/session/session-cipher.ts";
import { kmsCall, ssmClient } from "../../api.ts";
import type { Session } from "../../session.ts";

// The protocol uses the global Buffer, as Node has it; in the browser it is the `buffer` package's.
(globalThis as { Buffer?: unknown }).Buffer ??= BrowserBuffer;

/** crypto.randomUUID exists only in secure contexts (https, localhost); a console on plain http still needs ids. */
function randomUUID(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const browserCrypto: FrameCrypto = { sha256: (data) => sha256(data), randomUUID };

const gcmTagBytes = 16;
const joined = (parts: Uint8Array[]): Uint8Array => BrowserBuffer.concat(parts);

/** AES-256-GCM as Node's cipher objects offer it (what SessionCipher takes), over @noble/ciphers' one-shot gcm. */
const browserCiphers: NodeCipherFunctions = {
  createCipheriv(_algorithm, key, iv) {
    const parts: Uint8Array[] = [];
    let sealed = new Uint8Array(0);
    return {
      update: (data) => {
        parts.push(data);
        return new Uint8Array(0);
      },
      final: () => {
        sealed = gcm(key, iv).encrypt(joined(parts));
        return sealed.subarray(0, sealed.length - gcmTagBytes);
      },
      getAuthTag: () => sealed.subarray(sealed.length - gcmTagBytes),
    };
  },
  createDecipheriv(_algorithm, key, iv) {
    const parts: Uint8Array[] = [];
    let tag: Uint8Array = new Uint8Array(0);
    return {
      update: (data) => {
        parts.push(data);
        return new Uint8Array(0);
      },
      // Node takes the tag before the ciphertext; noble wants it after.
      setAuthTag: (authTag) => {
        tag = authTag;
      },
      final: () => gcm(key, iv).decrypt(joined([...parts, tag])),
    };
  },
  randomBytes: (size) => crypto.getRandomValues(new Uint8Array(size)),
};

export const consoleClientVersion = "1.2.0.0";

export interface TerminalEvents {
  /** The agent completed the handshake: the terminal may take keystrokes. */
  onReady(): void;
  /** Terminal output (and standard error) from the node. */
  onOutput(data: Uint8Array): void;
  /** The session ended, with the reason the server or the node gave. */
  onEnded(reason: string): void;
}

export interface BrowserTerminal {
  sessionId: string;
  type(data: string): void;
  resize(cols: number, rows: number): void;
  /** Closes the data channel; the session ends on the server once the resume grace has passed, or at once after TerminateSession. */
  close(): void;
}

/** Starts a shell on a node (the account's SSM-SessionManagerRunShell preferences apply) and connects to it. */
export async function startTerminal(session: Session, target: string, events: TerminalEvents): Promise<BrowserTerminal> {
  const answer = await ssmClient(session).send(new StartSessionCommand({ Target: target }));
  const sessionId = answer.SessionId ?? "";
  const socket = new WebSocket(answer.StreamUrl ?? "");
  socket.binaryType = "arraybuffer";
  let ended = false;
  const end = (reason: string) => {
    if (ended) return;
    ended = true;
    client.close();
    if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(1000);
    events.onEnded(reason);
  };
  const client = new ClientSession({
    token: answer.TokenValue ?? "",
    clientVersion: consoleClientVersion,
    crypto: browserCrypto,
    now: Date.now,
    send: (frame) => {
      if (socket.readyState !== WebSocket.OPEN) return false;
      // A Buffer is a Uint8Array over an ArrayBuffer here (never a shared one), which is what WebSocket.send takes.
      socket.send(frame as unknown as Uint8Array<ArrayBuffer>);
      return true;
    },
    onStart: () => events.onReady(),
    onData: (payload, payloadType) => {
      // 1: output, 11: standard error; flags and the rest are not for a terminal.
      if (payloadType === 1 || payloadType === 11) events.onOutput(payload);
    },
    onChannelClosed: (reason) => end(reason ?? "The session ended."),
    encryption: {
      sessionId,
      targetId: target,
      async generateDataKey(keyId, context) {
        const key = await kmsCall<{ Plaintext: string; CiphertextBlob: string }>(session, "GenerateDataKey", {
          KeyId: keyId,
          NumberOfBytes: 64,
          EncryptionContext: context,
        });
        return { plaintext: BrowserBuffer.from(key.Plaintext, "base64"), ciphertext: BrowserBuffer.from(key.CiphertextBlob, "base64") };
      },
      cipherFunctions: browserCiphers,
      sha256: (data) => sha256(data),
    },
    onFailure: (reason) => end(reason),
  });
  socket.addEventListener("open", () => socket.send(client.openingFrame()));
  socket.addEventListener("message", (event) => {
    if (!(event.data instanceof ArrayBuffer)) return;
    try {
      client.receive(BrowserBuffer.from(event.data) as unknown as Buffer);
    } catch (error) {
      if (error instanceof FrameError) end(`The server sent a frame that is not a message of the session protocol: ${error.message}`);
      else throw error;
    }
  });
  socket.addEventListener("close", (event) =>
    end(
      event.code === 1000 || event.code === 1005 ? "The session ended." : `The connection closed (${event.code} ${event.reason}).`.trim(),
    ),
  );
  return {
    sessionId,
    type: (data) => void client.write(BrowserBuffer.from(data, "utf8") as unknown as Buffer),
    resize: (cols, rows) => client.resize(cols, rows),
    close: () => end("You closed the terminal."),
  };
}
