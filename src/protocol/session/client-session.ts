/**
 * @module The client's end of a session, as Bosun's session-manager-plugin and the console's terminal both run it: the
 * token in the data channel's first frame, the answer to the agent's handshake, then the data stream — what the node
 * sends arrives in order through `onData`, what the person types or a local port reads goes out through `write`.
 * Transport-free (the plugin carries frames over `ws`, the console over the browser's WebSocket) and pure like the
 * rest of the protocol: the platform brings its SHA-256 and UUIDs, and for session-data encryption its AES-GCM and KMS.
 */
import { type ClientMessage, type FrameCrypto, FrameError, MessageType, PayloadType } from "./client-message.ts";
import { DataStream } from "./data-stream.ts";
import {
  ActionStatus,
  type HandshakeComplete,
  type HandshakeRequest,
  type HandshakeResponse,
  type OpenDataChannelInput,
  requestedSessionType,
  type SessionTypeRequest,
} from "./handshake.ts";
import {
  type EncryptionChallenge,
  type KmsEncryptionRequest,
  type KmsEncryptionResponse,
  type NodeCipherFunctions,
  SessionCipher,
  sessionKeyContext,
} from "./session-cipher.ts";

/** What a client needs to encrypt session data when the preferences name a KMS key. */
export interface ClientEncryption {
  /** The session and the node the data key is bound to (its encryption context). */
  sessionId: string;
  targetId: string;
  /** KMS's GenerateDataKey of 64 bytes under the key, with the context: the key and its ciphertext blob. */
  generateDataKey(keyId: string, context: Record<string, string>): Promise<{ plaintext: Uint8Array; ciphertext: Uint8Array }>;
  cipherFunctions: NodeCipherFunctions;
  sha256(data: Uint8Array): Uint8Array;
}

export interface ClientSessionOptions {
  /** The token StartSession or ResumeSession answered with. */
  token: string;
  clientVersion: string;
  crypto: FrameCrypto;
  now: () => number;
  /** Writes a binary frame to the data channel; false when it cannot. */
  send(frame: Buffer): boolean | undefined;
  /** The handshake is complete: the session's type (a shell, a command, a port) and its properties. */
  onStart(type: SessionTypeRequest, customerMessage: string): void;
  /** A payload from the node: terminal or port output (PayloadType.output), standard error, a flag. */
  onData(payload: Buffer, payloadType: number): void;
  /** The server closed the channel, with the reason it gave (a timeout, a termination, the shell's exit). */
  onChannelClosed(reason: string | undefined): void;
  /** Absent: a client that cannot encrypt, which refuses the agent's KMSEncryption action by name. */
  encryption?: ClientEncryption;
  /** The session could not go on at this end (its data key could not be made); the caller ends it. */
  onFailure?(reason: string): void;
}

export class ClientSession {
  private readonly stream: DataStream;
  private sessionType: SessionTypeRequest | undefined;
  private handshakeAgentVersion: string | undefined;
  /** The session's cipher, from the KMSEncryption action until the challenge is answered and the stream takes it. */
  private cipher: SessionCipher | undefined;
  /** The command's exit status, once the node sent it. */
  exitCode: number | undefined;

  constructor(private readonly options: ClientSessionOptions) {
    this.stream = new DataStream({
      sendType: MessageType.input,
      crypto: options.crypto,
      now: options.now,
      send: options.send,
      onMessage: (message) => this.onMessage(message),
      onControl: (message) => {
        if (message.messageType !== MessageType.channelClosed) return;
        const closed = jsonPayload<{ Output?: string } | null>(message, "the server's channel_closed message") ?? {};
        options.onChannelClosed(closed.Output || undefined);
      },
    });
  }

  /** The data channel's first frame (text): the token that lets this client attach (a resumed session's new one). */
  openingFrame(token: string = this.options.token): string {
    const open: OpenDataChannelInput = {
      MessageSchemaVersion: "1.0",
      RequestId: this.options.crypto.randomUUID(),
      TokenValue: token,
      ClientId: this.options.crypto.randomUUID(),
      ClientVersion: this.options.clientVersion,
    };
    return JSON.stringify(open);
  }

  /** The session's type, once the agent's handshake named it. */
  get type(): SessionTypeRequest | undefined {
    return this.sessionType;
  }

  /** The version the agent's handshake reported (it chooses how a port is carried). */
  get agentVersion(): string | undefined {
    return this.handshakeAgentVersion;
  }

  /** A binary frame from the data channel; one that is not a message of the protocol throws FrameError. */
  receive(frame: Buffer): void {
    this.stream.receive(frame);
  }

  /** Sends keystrokes or port data (split and windowed; in parts: one message); resolves once the window has room. */
  write(payload: Buffer | readonly Buffer[]): Promise<void> {
    return this.stream.write(PayloadType.output, payload);
  }

  /** Tells the node the terminal's size. */
  resize(cols: number, rows: number): void {
    this.stream.sendNow(PayloadType.size, Buffer.from(JSON.stringify({ cols, rows })));
  }

  /** Sends a flag (a port connection closed, the client ends the session). */
  flag(value: number): void {
    const payload = Buffer.alloc(4);
    payload.writeUInt32BE(value);
    this.stream.sendNow(PayloadType.flag, payload);
  }

  /** Sends again what the node has not acknowledged (the channel was opened again after a drop). */
  resendAll(): void {
    this.stream.resendAll();
  }

  close(): void {
    this.stream.close();
  }

  /** Answers the agent's handshake: the session type is taken; KMSEncryption is done when this client can encrypt. */
  private async answerHandshake(handshake: HandshakeRequest): Promise<void> {
    const processed: HandshakeResponse["ProcessedClientActions"] = [];
    for (const action of handshake.RequestedClientActions) {
      if (action.ActionType === "SessionType") processed.push({ ActionType: action.ActionType, ActionStatus: ActionStatus.success });
      else if (action.ActionType === "KMSEncryption" && this.options.encryption)
        processed.push({
          ActionType: action.ActionType,
          ActionStatus: ActionStatus.success,
          ActionResult: await this.makeDataKey(this.options.encryption, action.ActionParameters as KmsEncryptionRequest),
        });
      else
        processed.push({
          ActionType: action.ActionType,
          ActionStatus: ActionStatus.unsupported,
          Error: `${action.ActionType} is not supported by this client.`,
        });
    }
    const response: HandshakeResponse = { ClientVersion: this.options.clientVersion, ProcessedClientActions: processed, Errors: [] };
    this.stream.sendNow(PayloadType.handshakeResponse, Buffer.from(JSON.stringify(response)));
  }

  /** Has KMS make the session's data key, keeps its plaintext as the cipher, and answers with its ciphertext. */
  private async makeDataKey(encryption: ClientEncryption, request: KmsEncryptionRequest): Promise<KmsEncryptionResponse> {
    const key = await encryption.generateDataKey(request.KMSKeyId, sessionKeyContext(encryption.sessionId, encryption.targetId));
    try {
      this.cipher = new SessionCipher(key.plaintext, "client", encryption.cipherFunctions);
    } finally {
      key.plaintext.fill(0);
    }
    const ciphertext = Buffer.from(key.ciphertext);
    return {
      KMSCipherTextKey: ciphertext.toString("base64"),
      KMSCipherTextHash: Buffer.from(encryption.sha256(ciphertext)).toString("base64"),
    };
  }

  private onMessage(message: ClientMessage): void {
    switch (message.payloadType) {
      case PayloadType.handshakeRequest: {
        const handshake = jsonPayload<HandshakeRequest>(message, "the agent's handshake request");
        if (!Array.isArray(handshake?.RequestedClientActions)) throw new FrameError("the agent's handshake request names no actions");
        this.sessionType = requestedSessionType(handshake);
        this.handshakeAgentVersion = handshake.AgentVersion;
        this.answerHandshake(handshake).catch((error: unknown) =>
          this.options.onFailure?.(`The session's data could not be encrypted: ${error instanceof Error ? error.message : String(error)}`),
        );
        return;
      }
      case PayloadType.encChallengeRequest: {
        // The agent proves it opened the data key; the client proves it holds it too, and from now on encrypts.
        const cipher = this.cipher;
        if (!cipher) return;
        let answer: EncryptionChallenge;
        try {
          const challenge = JSON.parse(message.payload.toString("utf8")) as EncryptionChallenge;
          answer = { Challenge: cipher.encrypt(cipher.decrypt(Buffer.from(String(challenge.Challenge), "base64"))).toString("base64") };
        } catch {
          this.options.onFailure?.("The agent's encryption challenge does not open with the session's data key.");
          return;
        }
        this.stream.sendNow(PayloadType.encChallengeResponse, Buffer.from(JSON.stringify(answer)));
        this.stream.cipher = cipher;
        return;
      }
      case PayloadType.handshakeComplete: {
        const complete = jsonPayload<HandshakeComplete | null>(message, "the agent's handshake completion") ?? { CustomerMessage: "" };
        this.options.onStart(
          this.sessionType ?? { SessionType: "Standard_Stream", Properties: {} },
          String(complete.CustomerMessage ?? ""),
        );
        return;
      }
      case PayloadType.exitCode:
        if (message.payload.length >= 4) this.exitCode = message.payload.readUInt32BE(0);
        return;
      default:
        this.options.onData(message.payload, message.payloadType);
    }
  }
}

/** A message's JSON payload; one that is not JSON is a FrameError, as any frame outside the protocol is. */
function jsonPayload<T>(message: ClientMessage, what: string): T {
  try {
    return JSON.parse(message.payload.toString("utf8")) as T;
  } catch {
    throw new FrameError(`${what} is not JSON`);
  }
}
