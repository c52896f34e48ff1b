/**
 * @module What a port session's recording keeps: its connections, never their bytes — when each opened and closed,
 * and how many bytes went each way. A port session is carried one of two ways, and this follows either: one connection
 * at a time (SSH's ProxyCommand; a connection ends with the client's DisconnectToPort flag), or multiplexed (port
 * forwarding; the smux frames inside the Output payloads open, carry and finish each connection). Which one, the
 * handshake says: the document's `type` in the agent's request and the client's version in its answer.
 */
import { type ClientMessage, PayloadFlag, PayloadType } from "../../../protocol/session/client-message.ts";
import { portSessionMultiplexed, SmuxCommand, SmuxError, SmuxReader } from "../../../protocol/session/smux.ts";
import type { Side } from "./session-relay.ts";

interface Connection {
  number: number;
  fromClient: number;
  fromNode: number;
  finished: Set<Side>;
}

/** A hostile client may open streams without end; the recording follows this many at once and counts the rest. */
const maxFollowed = 1024;

export class PortConnections {
  private properties: Record<string, unknown> = {};
  private multiplexed = false;
  private readers: Record<Side, SmuxReader> | undefined;
  private opened = 0;
  /** Open connections by stream id (one at a time: id 0). */
  private readonly open = new Map<number, Connection>();
  private lost = false;

  /** A stream message that passed the relay: the markers it makes, if any. */
  message(from: Side, message: ClientMessage): string[] {
    switch (message.payloadType) {
      case PayloadType.handshakeRequest:
        if (from === "agent") this.properties = handshakeProperties(message.payload);
        return [];
      case PayloadType.handshakeResponse:
        if (from === "client") {
          this.multiplexed = portSessionMultiplexed(this.properties, clientVersion(message.payload));
          this.readers = this.multiplexed ? { client: new SmuxReader(), agent: new SmuxReader() } : undefined;
        }
        return [];
      case PayloadType.output:
        return this.multiplexed ? this.frames(from, message.payload) : this.oneAtATime(from, message.payload.length);
      case PayloadType.flag: {
        const flag = message.payload.length >= 4 ? message.payload.readUInt32BE(0) : 0;
        if (!this.multiplexed && (flag === PayloadFlag.disconnectToPort || flag === PayloadFlag.terminateSession)) return this.finishAll();
        return [];
      }
      default:
        return [];
    }
  }

  /** The session ended: every connection still open closes. */
  finishAll(): string[] {
    const markers = [...this.open.values()].map(closedMarker);
    this.open.clear();
    return markers;
  }

  private oneAtATime(from: Side, bytes: number): string[] {
    const markers: string[] = [];
    let connection = this.open.get(0);
    if (!connection) {
      connection = { number: ++this.opened, fromClient: 0, fromNode: 0, finished: new Set() };
      this.open.set(0, connection);
      markers.push(`connection ${connection.number} opened`);
    }
    if (from === "client") connection.fromClient += bytes;
    else connection.fromNode += bytes;
    return markers;
  }

  private frames(from: Side, payload: Buffer): string[] {
    if (this.lost || !this.readers) return [];
    const markers: string[] = [];
    let frames: ReturnType<SmuxReader["push"]>;
    try {
      frames = this.readers[from].push(payload);
    } catch (error) {
      if (!(error instanceof SmuxError)) throw error;
      this.lost = true;
      return [`connections no longer followed: the ${from} sent ${error.message}`];
    }
    for (const frame of frames) {
      const connection = this.open.get(frame.streamId);
      if (frame.command === SmuxCommand.syn && from === "client" && !connection) {
        const number = ++this.opened;
        if (this.open.size < maxFollowed) this.open.set(frame.streamId, { number, fromClient: 0, fromNode: 0, finished: new Set() });
        markers.push(`connection ${number} opened`);
      } else if (frame.command === SmuxCommand.psh && connection) {
        if (from === "client") connection.fromClient += frame.data.length;
        else connection.fromNode += frame.data.length;
      } else if (frame.command === SmuxCommand.fin && connection) {
        connection.finished.add(from);
        if (connection.finished.size === 2) {
          this.open.delete(frame.streamId);
          markers.push(closedMarker(connection));
        }
      }
    }
    return markers;
  }
}

function closedMarker(c: Connection): string {
  return `connection ${c.number} closed: ${c.fromClient} bytes from the client, ${c.fromNode} from the node`;
}

function handshakeProperties(payload: Buffer): Record<string, unknown> {
  try {
    const request = JSON.parse(payload.toString("utf8")) as {
      RequestedClientActions?: { ActionType?: string; ActionParameters?: { Properties?: Record<string, unknown> } }[];
    };
    const sessionType = request.RequestedClientActions?.find((action) => action.ActionType === "SessionType");
    return sessionType?.ActionParameters?.Properties ?? {};
  } catch {
    return {};
  }
}

function clientVersion(payload: Buffer): string | undefined {
  try {
    const version = (JSON.parse(payload.toString("utf8")) as { ClientVersion?: unknown }).ClientVersion;
    return typeof version === "string" ? version : undefined;
  } catch {
    return undefined;
  }
}
