/**
 * @module Multiplexed port forwarding: many TCP connections over one port session, in the framing Amazon's
 * session-manager-plugin and SSM agent use for it (smux, version 1). The session's Output payloads, both ways, are one
 * byte stream of frames, split anywhere between messages:
 *
 *   0 version (1)   1 command (SYN 0, FIN 1, PSH 2, NOP 3)   2 data length (uint16, little-endian)
 *   4 stream id (uint32, little-endian)   8 data
 *
 * The client opens a stream (SYN) per local connection, with odd ids; PSH carries its bytes; FIN says one side will
 * write no more (the other may still answer: a half-close). NOP is a keep-alive and is ignored. Version 1 has no
 * per-stream window: a connection that reads slowly holds the whole session back through the data stream's window,
 * as it does in Amazon's agent.
 *
 * When: a port session whose properties say `type: LocalPortForwarding` (AWS-StartPortForwardingSession and
 * …ToRemoteHost) is multiplexed when the agent's handshake reports a version after 3.0.196.0 and the client's answer a
 * version from 1.1.70 on — the rule both Amazon programs follow, so Amazon's plugin and Bosun's agree with each other.
 * Pure, like the rest of the protocol (the agent, the plugin and the server's recorder use it).
 */

export const SmuxCommand = { syn: 0, fin: 1, psh: 2, nop: 3, upd: 4 } as const;

export const smuxHeaderBytes = 8;
/** The most data one frame carries when Bosun writes (the smux default; the format allows 65,535). */
export const smuxMaxFrameData = 32 * 1024;

export interface SmuxFrame {
  command: number;
  streamId: number;
  data: Buffer;
}

export class SmuxError extends Error {}

/** Whether an agent of this (handshake) version carries port forwarding multiplexed: after 3.0.196.0. */
export function agentMultiplexes(agentVersion: string | undefined): boolean {
  return compareVersions(agentVersion, "3.0.196.0") > 0;
}

/** Whether a port session with these properties, answered by a client of this version, is multiplexed. */
export function portSessionMultiplexed(properties: Record<string, unknown>, clientVersion: string | undefined): boolean {
  return properties.type === "LocalPortForwarding" && compareVersions(clientVersion, "1.1.70") >= 0;
}

/** Compares dotted numeric versions; anything that is not one sorts below every version. */
function compareVersions(version: string | undefined, than: string): number {
  if (!version || !/^\d+(\.\d+)*$/.test(version)) return -1;
  const a = version.split(".").map(Number);
  const b = than.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/** One frame's header. */
function smuxHeader(command: number, streamId: number, dataLength: number): Buffer {
  const header = Buffer.allocUnsafe(smuxHeaderBytes);
  header.writeUInt8(1, 0);
  header.writeUInt8(command, 1);
  header.writeUInt16LE(dataLength, 2);
  header.writeUInt32LE(streamId, 4);
  return header;
}

/** One frame's bytes. */
export function encodeSmuxFrame(command: number, streamId: number, data: Buffer = Buffer.alloc(0)): Buffer {
  return Buffer.concat([smuxHeader(command, streamId, data.length), data]);
}

/**
 * Cuts a byte stream into frames, whatever the chunks. It keeps at most one unfinished frame, so what it holds is
 * bounded (65,543 bytes) whatever a peer sends; a frame that is not smux throws SmuxError.
 */
export class SmuxReader {
  private partial: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): SmuxFrame[] {
    const bytes = this.partial.length > 0 ? Buffer.concat([this.partial, chunk]) : chunk;
    const frames: SmuxFrame[] = [];
    let at = 0;
    while (bytes.length - at >= smuxHeaderBytes) {
      const version = bytes.readUInt8(at);
      const command = bytes.readUInt8(at + 1);
      if ((version !== 1 && version !== 2) || command > SmuxCommand.upd)
        throw new SmuxError(`not a multiplexed frame (version ${version}, command ${command})`);
      const end = at + smuxHeaderBytes + bytes.readUInt16LE(at + 2);
      if (end > bytes.length) break;
      frames.push({ command, streamId: bytes.readUInt32LE(at + 4), data: bytes.subarray(at + smuxHeaderBytes, end) });
      at = end;
    }
    // A copy, so the kept bytes do not pin the (possibly large) chunk they came in.
    this.partial = at === bytes.length ? Buffer.alloc(0) : Buffer.from(bytes.subarray(at));
    return frames;
  }
}

/** What a multiplexer carries each stream to and from: a TCP connection, as Node's sockets are. */
export interface MuxConnection {
  /** False: the connection's buffer is full; the multiplexer says so through `congested`. */
  write(data: Buffer): boolean;
  /** No more bytes will come from the peer (its FIN): end the connection's writing side. */
  end(): void;
  destroy(): void;
  pause(): void;
  resume(): void;
  /** Optional: the writes of one message go out together (Node's sockets: one writev). */
  cork?(): void;
  uncork?(): void;
}

export interface MultiplexerOptions {
  /**
   * Sends multiplexed bytes to the peer, as one stream message (in parts: frame headers and the data as read, so they
   * are copied only into the message); resolves when the session's window has room.
   */
  send(parts: readonly Buffer[]): Promise<void>;
  /** The peer opened a stream: the connection that carries it, or undefined to refuse it (a FIN goes back). */
  accept(streamId: number): MuxConnection | undefined;
  /** A connection could not take what the peer sent at once: hold the session until it drains. */
  congested(connection: MuxConnection): void;
  /** The most streams open at once; a SYN beyond it is refused. */
  maxStreams?: number;
  /** The most bytes queued for the peer before the connections that wrote them are paused. */
  highWaterBytes?: number;
}

/** A frame waiting to be sent: its header, and its data as the connection read it (copied once, into its message). */
interface Queued {
  header: Buffer;
  data: Buffer | undefined;
  bytes: number;
}

interface Stream {
  connection: MuxConnection;
  finSent: boolean;
  finReceived: boolean;
}

/**
 * One end of a multiplexed port session. The connections' bytes go out through one queue, in order, as whole frames
 * packed into messages of at most a stream message's size; a connection is paused while the queue is over its
 * high-water mark and resumed when it drains.
 */
export class Multiplexer {
  private readonly streams = new Map<number, Stream>();
  private readonly reader = new SmuxReader();
  private readonly queue: Queued[] = [];
  private queuedBytes = 0;
  private readonly paused = new Set<MuxConnection>();
  /** A flush is scheduled or running: frames queued meanwhile join its next message. */
  private flushing = false;
  private nextStreamId = 1;
  private closed = false;
  private readonly highWaterBytes: number;
  private readonly maxStreams: number;

  constructor(
    private readonly options: MultiplexerOptions,
    private readonly maxMessageBytes: number,
  ) {
    this.highWaterBytes = options.highWaterBytes ?? maxMessageBytes;
    this.maxStreams = options.maxStreams ?? 1024;
  }

  get openStreams(): number {
    return this.streams.size;
  }

  /** A local connection to carry (the client's side): a new stream, announced to the peer. */
  open(connection: MuxConnection): number | undefined {
    if (this.closed || this.streams.size >= this.maxStreams) return undefined;
    const streamId = this.nextStreamId;
    this.nextStreamId += 2;
    this.streams.set(streamId, { connection, finSent: false, finReceived: false });
    this.enqueue(SmuxCommand.syn, streamId, undefined, connection);
    return streamId;
  }

  /** Bytes a connection read. */
  data(streamId: number, bytes: Buffer): void {
    const stream = this.streams.get(streamId);
    if (!stream || stream.finSent) return;
    for (let at = 0; at < bytes.length; at += smuxMaxFrameData)
      this.enqueue(SmuxCommand.psh, streamId, bytes.subarray(at, at + smuxMaxFrameData), stream.connection);
  }

  /** A connection's reading side ended (its FIN): the peer hears it once. */
  ended(streamId: number): void {
    const stream = this.streams.get(streamId);
    if (!stream || stream.finSent) return;
    stream.finSent = true;
    this.enqueue(SmuxCommand.fin, streamId);
  }

  /** A connection is gone (both sides done, or an error): the peer hears a FIN if it has not, and the stream is forgotten. */
  connectionClosed(streamId: number): void {
    this.ended(streamId);
    const stream = this.streams.get(streamId);
    if (stream) this.paused.delete(stream.connection);
    this.streams.delete(streamId);
  }

  /** Bytes from the peer. A stream the peer did not open, or already finished, drops its data, as smux does. */
  receive(bytes: Buffer): void {
    const corked = new Set<MuxConnection>();
    try {
      this.receiveFrames(bytes, corked);
    } finally {
      for (const connection of corked) connection.uncork?.();
    }
  }

  private receiveFrames(bytes: Buffer, corked: Set<MuxConnection>): void {
    for (const frame of this.reader.push(bytes)) {
      const stream = this.streams.get(frame.streamId);
      switch (frame.command) {
        case SmuxCommand.syn: {
          if (stream || this.closed) break;
          const connection = this.streams.size < this.maxStreams ? this.options.accept(frame.streamId) : undefined;
          if (connection) this.streams.set(frame.streamId, { connection, finSent: false, finReceived: false });
          else this.enqueue(SmuxCommand.fin, frame.streamId);
          break;
        }
        case SmuxCommand.psh:
          if (!stream || stream.finReceived || frame.data.length === 0) break;
          if (!corked.has(stream.connection)) {
            corked.add(stream.connection);
            stream.connection.cork?.();
          }
          if (!stream.connection.write(frame.data)) this.options.congested(stream.connection);
          break;
        case SmuxCommand.fin:
          if (stream && !stream.finReceived) {
            stream.finReceived = true;
            stream.connection.end();
          }
          break;
        default:
        // NOP (a keep-alive) and UPD (version 2's window update) need nothing from version 1.
      }
    }
  }

  /** The session ended: every connection is destroyed. */
  close(): void {
    this.closed = true;
    for (const stream of this.streams.values()) stream.connection.destroy();
    this.streams.clear();
    this.queue.length = 0;
    this.paused.clear();
  }

  private enqueue(command: number, streamId: number, data?: Buffer, from?: MuxConnection): void {
    if (this.closed) return;
    const bytes = smuxHeaderBytes + (data?.length ?? 0);
    this.queue.push({ header: smuxHeader(command, streamId, data?.length ?? 0), data, bytes });
    this.queuedBytes += bytes;
    if (from && this.queuedBytes >= this.highWaterBytes && !this.paused.has(from)) {
      this.paused.add(from);
      from.pause();
    }
    if (this.flushing) return;
    // After the current task's other frames (a read of 64 KiB is two frames): one message carries them all.
    this.flushing = true;
    queueMicrotask(() => void this.flush());
  }

  /** Sends the queue as messages of whole frames, one at a time, in order. */
  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0 && !this.closed) {
        const pieces: Buffer[] = [];
        let bytes = 0;
        while (this.queue.length > 0 && (bytes === 0 || bytes + (this.queue[0] as Queued).bytes <= this.maxMessageBytes)) {
          const frame = this.queue.shift() as Queued;
          pieces.push(frame.header);
          if (frame.data) pieces.push(frame.data);
          bytes += frame.bytes;
        }
        this.queuedBytes -= bytes;
        await this.options.send(pieces);
        if (this.queuedBytes < this.highWaterBytes) {
          for (const connection of this.paused) connection.resume();
          this.paused.clear();
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
