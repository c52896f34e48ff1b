/**
 * @module One end of a session's data stream, as the plugin and the agent keep it: every stream message carries the
 * next sequence number and is acknowledged by the other end; what the peer has not acknowledged is kept, sent again
 * when its acknowledgement is late (after a reconnect, say), and bounded by a window, so a slow reader slows the
 * writer instead of filling memory. Messages arrive at the reader in order, once, whatever the resends.
 */
import {
  type AcknowledgeContent,
  acknowledgeOf,
  type ClientMessage,
  decodeMessage,
  encodeMessage,
  encodeMessageParts,
  type FrameCrypto,
  FrameError,
  MessageType,
  newMessage,
} from "./client-message.ts";

/**
 * Session-data encryption as the stream applies it (a SessionCipher): payloads of the types this end encrypts are
 * sealed as they are sent, and those the peer encrypted are opened before the reader sees them.
 */
export interface StreamCipher {
  encrypts(payloadType: number): boolean;
  decrypts(payloadType: number): boolean;
  encrypt(plaintext: Uint8Array): Buffer;
  /** Throws when the payload does not open (the stream reports it as a FrameError). */
  decrypt(sealed: Uint8Array): Buffer;
}

export interface DataStreamOptions {
  /** What this end sends: `input_stream_data` from a client, `output_stream_data` from an agent. */
  sendType: typeof MessageType.input | typeof MessageType.output;
  crypto: FrameCrypto;
  /** Writes a frame to the transport (a WebSocket); false when it cannot (closed). */
  send(frame: Buffer): boolean | undefined;
  /** A stream message from the peer, in sequence order, once. */
  onMessage(message: ClientMessage): void;
  /** Any other message the peer sends (channel_closed, start_publication, pause_publication). */
  onControl?(message: ClientMessage): void;
  /** The most messages in flight (sent, not acknowledged). */
  windowMessages?: number;
  /** The most payload bytes in flight. */
  windowBytes?: number;
  /** How long an acknowledgement may take before the message is sent again. */
  resendAfterMs?: number;
  /** The clock messages are dated by (epoch ms). */
  now: () => number;
}

/**
 * The largest payload one stream message carries; larger writes are split. Large messages matter for throughput: every
 * message costs a digest, an acknowledgement and a frame on each hop (32 KiB messages ran port forwarding at 0.8× the
 * speed of 128 KiB ones, and the cost is CPU, which a 2-core machine shares with both ends of the forwarded connection).
 */
export const maxStreamPayload = 128 * 1024;

interface InFlight {
  frame: Buffer;
  payloadBytes: number;
  sentAt: number;
}

export class DataStream {
  private nextSequence = 0;
  private expected = 0;
  private readonly inFlight = new Map<number, InFlight>();
  /** Messages that arrived ahead of a missing one, until it comes. */
  private readonly early = new Map<number, ClientMessage>();
  private readonly waiters: (() => void)[] = [];
  private readonly window: number;
  private readonly windowBytes: number;
  private inFlightBytes = 0;
  private readonly resendAfterMs: number;
  private readonly now: () => number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  /** Set once both ends hold the session's data key (after the encryption challenge); until then payloads are clear. */
  cipher: StreamCipher | undefined;

  constructor(private readonly options: DataStreamOptions) {
    this.window = options.windowMessages ?? 256;
    this.windowBytes = options.windowBytes ?? 8 * 1024 * 1024;
    this.resendAfterMs = options.resendAfterMs ?? 1000;
    this.now = options.now;
  }

  /** Messages sent and not yet acknowledged. */
  get unacknowledged(): number {
    return this.inFlight.size;
  }

  /**
   * Sends a payload as one or more stream messages; resolves once they fit in the window. A payload in parts (at most
   * `maxStreamPayload` bytes together) is one message, its parts copied once, into the frame.
   */
  async write(payloadType: number, payload: Buffer | readonly Buffer[]): Promise<void> {
    if (!Buffer.isBuffer(payload)) {
      while (this.full() && !this.closed) await new Promise<void>((resolve) => this.waiters.push(resolve));
      this.sendNow(payloadType, payload);
      return;
    }
    for (let at = 0; at < payload.length || (at === 0 && payload.length === 0); at += maxStreamPayload) {
      while (this.full() && !this.closed) await new Promise<void>((resolve) => this.waiters.push(resolve));
      if (this.closed) return;
      this.sendNow(payloadType, payload.subarray(at, at + maxStreamPayload));
      if (payload.length === 0) break;
    }
  }

  /** Sends one stream message now, past the window (a control payload: a resize, a handshake, a flag). */
  sendNow(payloadType: number, payload: Buffer | readonly Buffer[]): void {
    if (this.closed) return;
    const sequenceNumber = this.nextSequence++;
    let parts = Buffer.isBuffer(payload) ? [payload] : payload;
    if (this.cipher?.encrypts(payloadType)) parts = [this.cipher.encrypt(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts))];
    const message = newMessage(
      { messageType: this.options.sendType, sequenceNumber, payloadType, payload: Buffer.alloc(0) },
      this.options.crypto,
      this.now(),
    );
    const frame = encodeMessageParts(message, parts, this.options.crypto);
    const payloadBytes = parts.reduce((sum, part) => sum + part.length, 0);
    this.inFlight.set(sequenceNumber, { frame, payloadBytes, sentAt: this.now() });
    this.inFlightBytes += payloadBytes;
    this.options.send(frame);
    this.armResend();
  }

  /** A frame from the transport. A frame that is not a message of the protocol throws FrameError. */
  receive(frame: Buffer): void {
    const message = decodeMessage(frame, this.options.crypto);
    switch (message.messageType) {
      case MessageType.acknowledge:
        this.onAcknowledge(message);
        return;
      case MessageType.input:
      case MessageType.output:
        this.onStreamMessage(message);
        return;
      case MessageType.channelClosed:
      case MessageType.startPublication:
      case MessageType.pausePublication:
        this.options.onControl?.(message);
        return;
      default:
        throw new FrameError(`unknown message type ${message.messageType}`);
    }
  }

  /** Sends again everything not acknowledged (a new transport after a reconnect). */
  resendAll(): void {
    for (const entry of this.inFlight.values()) {
      entry.sentAt = this.now();
      this.options.send(entry.frame);
    }
    this.armResend();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.inFlight.clear();
    this.inFlightBytes = 0;
    this.early.clear();
    for (const wake of this.waiters.splice(0)) wake();
  }

  private onStreamMessage(message: ClientMessage): void {
    this.accept(message);
    // Every copy is acknowledged (the first acknowledgement may have been lost) — after the message is handed on, so a
    // keystroke reaches the shell before its acknowledgement is even built.
    if (!this.closed) this.options.send(encodeMessage(acknowledgeOf(message, this.options.crypto, this.now()), this.options.crypto));
  }

  /** Hands a stream message, and any that waited for it, to the reader in order. */
  private accept(message: ClientMessage): void {
    const sequence = message.sequenceNumber;
    if (sequence < this.expected || this.early.has(sequence)) return;
    if (sequence > this.expected) {
      // Kept only within a window's reach: anything further is sent again by the peer anyway.
      if (sequence - this.expected <= this.window) this.early.set(sequence, message);
      return;
    }
    this.expected++;
    this.hand(message);
    for (let next = this.early.get(this.expected); next && !this.closed; next = this.early.get(this.expected)) {
      this.early.delete(this.expected);
      this.expected++;
      this.hand(next);
    }
  }

  /** Hands one message to the reader, opened first when the peer encrypted it. */
  private hand(message: ClientMessage): void {
    if (!this.cipher?.decrypts(message.payloadType)) {
      this.options.onMessage(message);
      return;
    }
    let payload: Buffer;
    try {
      payload = this.cipher.decrypt(message.payload);
    } catch {
      throw new FrameError("a payload does not open with the session's data key");
    }
    this.options.onMessage({ ...message, payload });
  }

  private onAcknowledge(message: ClientMessage): void {
    let content: AcknowledgeContent;
    try {
      content = JSON.parse(message.payload.toString("utf8")) as AcknowledgeContent;
    } catch {
      throw new FrameError("an acknowledgement's payload is not JSON");
    }
    const acknowledged = this.inFlight.get(content.AcknowledgedMessageSequenceNumber);
    if (!acknowledged) return;
    this.inFlight.delete(content.AcknowledgedMessageSequenceNumber);
    this.inFlightBytes -= acknowledged.payloadBytes;
    while (!this.full() && this.waiters.length > 0) this.waiters.shift()?.();
  }

  /** The window is full: a write waits for acknowledgements. */
  private full(): boolean {
    return this.inFlight.size >= this.window || this.inFlightBytes >= this.windowBytes;
  }

  private armResend(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const due = this.now() - this.resendAfterMs;
      for (const entry of this.inFlight.values()) {
        if (entry.sentAt > due) continue;
        entry.sentAt = this.now();
        this.options.send(entry.frame);
      }
      if (this.inFlight.size > 0) this.armResend();
    }, this.resendAfterMs / 2);
    // Node's timers can be unreferenced (a stream alone keeps no process alive); a browser's are plain numbers.
    (this.timer as { unref?: () => void }).unref?.();
  }
}
