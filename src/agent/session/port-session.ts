/**
 * @module A port session (AWS-StartSSHSession, port forwarding): one TCP connection from the node to a port on itself
 * or on a host it reaches, carried as the stream's Output payloads both ways. The node connects when the client's
 * first payload comes (Bosun's plugin sends an empty one when a local connection opens, so a server that speaks first
 * is heard by that connection); the client says when its local connection closed (the DisconnectToPort flag), and the
 * node closes its side until the next one. One connection at a time: many at once is the multiplexed mode.
 */
import { connect, type Socket } from "node:net";
import { type ClientMessage, PayloadFlag, PayloadType } from "../../protocol/session/client-message.ts";
import { maxStreamPayload } from "../../protocol/session/data-stream.ts";
import { holdUntilDrained, type SessionChannel, type SessionPlugin } from "./session-socket.ts";

export interface PortTarget {
  host: string;
  port: number;
}

/** The host and port a port session's properties name; throws when they are not a host and a port. */
export function portTarget(properties: Record<string, unknown>): PortTarget {
  const port = Number(properties.portNumber);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${String(properties.portNumber)} is not a port.`);
  const host = typeof properties.host === "string" && properties.host !== "" ? properties.host : "localhost";
  if (!/^[a-zA-Z0-9_.:-]{1,253}$/.test(host)) throw new Error(`${host} is not a host.`);
  return { host, port };
}

export function startPort(channel: SessionChannel, target: PortTarget): SessionPlugin {
  let socket: Socket | undefined;
  let stopped = false;
  let writing = Promise.resolve();

  function open(): Socket {
    const next = connect({ host: target.host, port: target.port });
    next.setNoDelay(true);
    // Reads that come while the stream's window is full are sent as one message (fewer, larger messages are what
    // makes a busy forward fast); the socket is paused once a message's worth waits.
    let waiting: Buffer[] = [];
    let waitingBytes = 0;
    next.on("data", (chunk) => {
      waiting.push(chunk);
      waitingBytes += chunk.length;
      if (waitingBytes >= maxStreamPayload) next.pause();
      if (waiting.length > 1) return;
      writing = writing
        .then(() => {
          const payload = waiting.length === 1 ? (waiting[0] as Buffer) : Buffer.concat(waiting);
          waiting = [];
          waitingBytes = 0;
          next.resume();
          return channel.write(PayloadType.output, payload);
        })
        .catch(() => undefined);
    });
    next.on("error", (error) => {
      if (socket !== next) return;
      const flag = Buffer.alloc(4);
      flag.writeUInt32BE(PayloadFlag.connectToPortError);
      void writing.then(() => channel.write(PayloadType.flag, flag));
      channel.end(`The node could not connect to ${target.host}:${target.port}: ${error.message}`);
    });
    next.on("close", () => {
      if (socket === next) socket = undefined;
    });
    return next;
  }

  return {
    onMessage(message: ClientMessage) {
      if (stopped) return;
      if (message.payloadType === PayloadType.output) {
        socket ??= open();
        if (message.payload.length > 0 && !socket.write(message.payload)) holdUntilDrained(channel, socket);
      } else if (message.payloadType === PayloadType.flag && message.payload.length >= 4) {
        const flag = message.payload.readUInt32BE(0);
        if (flag === PayloadFlag.disconnectToPort) {
          socket?.end();
          socket = undefined;
        } else if (flag === PayloadFlag.terminateSession) channel.end("The client ended the session.");
      }
    },
    stop() {
      stopped = true;
      socket?.destroy();
      socket = undefined;
    },
  };
}
