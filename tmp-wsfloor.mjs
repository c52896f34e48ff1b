// Port-forward floor: source → agent-like (TCP→WS client) → server-like (WS relay) → plugin-like (WS client→TCP) → sink.
// node wsfloor.mjs role ...
import net from "node:net";
import { WebSocket, WebSocketServer } from "ws";
const [role, ...a] = process.argv.slice(2);
const zero = (mask) => mask.fill(0);
if (role === "server") {
  const wss = new WebSocketServer({ port: Number(a[0]), host: "127.0.0.1", perMessageDeflate: false });
  let waiting;
  wss.on("connection", (ws) => {
    if (!waiting) { waiting = ws; return; }
    const x = waiting; waiting = undefined; x.send("go");
    for (const [from, to] of [[x, ws], [ws, x]]) from.on("message", (d) => { to.send(d, { binary: true }, () => { if (to.bufferedAmount < 1 << 20) from._socket.resume(); }); if (to.bufferedAmount > 4 << 20) from._socket.pause(); });
  });
} else if (role === "agent") {
  const ws = new WebSocket(`ws://127.0.0.1:${a[0]}`, { perMessageDeflate: false, generateMask: zero });
  ws.once("message", () => { const t = net.connect(Number(a[1]), "127.0.0.1"); t.on("data", (d) => { ws.send(d, { binary: true }); if (ws.bufferedAmount > 4 << 20) { t.pause(); const w = () => ws.bufferedAmount < 1 << 20 ? t.resume() : setTimeout(w, 1); w(); } }); t.on("end", () => ws.close()); });
} else if (role === "plugin") {
  const srv = net.createServer((c) => {
    const ws = new WebSocket(`ws://127.0.0.1:${a[0]}`, { perMessageDeflate: false, generateMask: zero });
    ws.on("message", (d) => { if (!c.write(d)) { ws._socket.pause(); c.once("drain", () => ws._socket.resume()); } });
    ws.on("close", () => c.end());
  }).listen(Number(a[1]), "127.0.0.1");
}
