/**
 * @module A multiplexed port session (port forwarding, to the node or a host it reaches): every stream the client
 * opens becomes one TCP connection from the node to the target, carried until both sides have finished. Half-closes
 * pass through (a client that ends its request still gets the whole answer). A connection that cannot be made is
 * finished at once, and the client hears the ConnectToPortError flag (Amazon's plugin prints it).
 */
import { connect, type Socket } from "node:net";
import type { Logger } from "pino";
import { type ClientMessage, PayloadFlag, PayloadType } from "../../protocol/session/client-message.ts";
import { maxStreamPayload } from "../../protocol/session/data-stream.ts";
import { Multiplexer, SmuxError } from "../../protocol/session/smux.ts";
import type { PortTarget } from "./port-session.ts";
import { holdUntilDrained, type SessionChannel, type SessionPlugin } from "./session-socket.ts";

export function startMuxPort(channel: SessionChannel, target: PortTarget, log: Logger): SessionPlugin {
  const mux: Multiplexer = new Multiplexer(
    {
      send: (bytes) => channel.write(PayloadType.output, bytes),
      accept: (streamId) => open(streamId),
      congested: (connection) => holdUntilDrained(channel, connection as Socket),
    },
    maxStreamPayload,
  );

  function open(streamId: number): Socket {
    const socket = connect({ host: target.host, port: target.port, allowHalfOpen: true });
    socket.setNoDelay(true);
    let connected = false;
    socket.once("connect", () => (connected = true));
    socket.on("data", (chunk) => mux.data(streamId, chunk));
    socket.on("end", () => mux.ended(streamId));
    socket.on("close", () => mux.connectionClosed(streamId));
    socket.on("error", (error) => {
      if (!connected) {
        log.info({ target: `${target.host}:${target.port}`, error: error.message }, "port session could not connect");
        const flag = Buffer.alloc(4);
        flag.writeUInt32BE(PayloadFlag.connectToPortError);
        void channel.write(PayloadType.flag, flag);
      }
    });
    return socket;
  }

  return {
    onMessage(message: ClientMessage) {
      if (message.payloadType === PayloadType.output) {
        try {
          mux.receive(message.payload);
        } catch (error) {
          if (!(error instanceof SmuxError)) throw error;
          channel.end(`The client sent what is not multiplexed port data: ${error.message}`);
        }
      } else if (message.payloadType === PayloadType.flag && message.payload.length >= 4) {
        if (message.payload.readUInt32BE(0) === PayloadFlag.terminateSession) channel.end("The client ended the session.");
      }
    },
    stop() {
      mux.close();
    },
  };
}
