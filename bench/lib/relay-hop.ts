/**
 * @module One hop of a port-forwarding floor: the least a Node process can do to carry every byte on, so the port-forward
 * benchmark can show what three Node processes on the path (Bosun's agent, server and plugin) cost before any protocol.
 *   tcp <listen> <target>           a plain TCP relay (each connection piped to a new one to target)
 *   ws-server <listen>              pairs WebSocket connections two by two and carries messages between them
 *   ws-agent <server> <target>      on "go" from the server, reads target and sends it as binary messages (zero masks)
 *   ws-plugin <server> <listen>     for each local connection, a WebSocket to the server whose messages it writes out
 * Backpressure is kept (a slow side pauses the other), as a real relay must.
 */
import { createConnection, createServer, type Socket } from "node:net";
import { WebSocket, WebSocketServer } from "ws";

const [mode, first, second] = process.argv.slice(2);
const a = Number(first);
const b = Number(second);
const host = "127.0.0.1";
const zeroMask = (mask: Buffer) => mask.fill(0);
const high = 4 * 1024 * 1024;
const low = 1024 * 1024;
/** Printed once the hop can carry traffic (the benchmark waits for it). */
let said = false;
const ready = () => {
  if (!said) console.log("ready");
  said = true;
};
const socketOf = (ws: WebSocket) => (ws as unknown as { _socket: Socket })._socket;

/** Sends on `to`, pausing `from` while `to` has more than `high` bytes unwritten. */
function forward(to: WebSocket, data: Buffer, from: Socket): void {
  to.send(data, { binary: true }, () => {
    if (to.bufferedAmount < low) from.resume();
  });
  if (to.bufferedAmount > high) from.pause();
}

if (mode === "tcp") {
  createServer((client) => {
    const target = createConnection({ host, port: b });
    client.pipe(target).on("error", () => client.destroy());
    target.pipe(client).on("error", () => target.destroy());
  }).listen(a, host, ready);
} else if (mode === "ws-server") {
  let waiting: WebSocket | undefined;
  const server = new WebSocketServer({ host, port: a, perMessageDeflate: false }, ready);
  server.on("connection", (ws) => {
    if (!waiting) {
      waiting = ws;
      return;
    }
    const agent = waiting;
    waiting = undefined;
    agent.on("message", (data) => forward(ws, data as Buffer, socketOf(agent)));
    ws.on("message", (data) => forward(agent, data as Buffer, socketOf(ws)));
    agent.on("close", () => ws.close());
    agent.send("go");
  });
} else if (mode === "ws-agent") {
  // One download per connection; then the next connection waits for the next download.
  const serve = () => {
    const ws = new WebSocket(`ws://${host}:${a}`, { perMessageDeflate: false, generateMask: zeroMask });
    ws.once("message", () => {
      const target = createConnection({ host, port: b });
      target.on("data", (data) => forward(ws, data, target));
      target.on("end", () => ws.close());
    });
    ws.once("open", ready);
    ws.once("close", serve);
  };
  serve();
} else if (mode === "ws-plugin") {
  createServer((client) => {
    const ws = new WebSocket(`ws://${host}:${a}`, { perMessageDeflate: false, generateMask: zeroMask });
    ws.on("message", (data) => {
      if (!client.write(data as Buffer)) {
        socketOf(ws).pause();
        client.once("drain", () => socketOf(ws).resume());
      }
    });
    ws.on("close", () => client.end());
    client.on("error", () => ws.terminate());
  }).listen(b, host, ready);
} else {
  throw new Error(`unknown mode ${mode}`);
}
