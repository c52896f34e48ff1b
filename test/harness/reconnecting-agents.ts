/**
 * @module Simulated agents that reconnect as the real agent does (capped exponential backoff, 1 s doubling to 60 s,
 * full jitter) after their channel closes. Run as a child process; prints `online N` every 250 ms (channels welcomed
 * and open now). Input: the server's URL and a JSON file of nodes ({id, key}).
 */
import { createPrivateKey, type KeyObject, sign } from "node:crypto";
import { readFile } from "node:fs/promises";
import WebSocket from "ws";
import { channelPath, helloSigningText, type ServerMessage } from "../../src/protocol/agent/channel.ts";

const [endpoint = "", nodesFile = ""] = process.argv.slice(2);
const nodes = JSON.parse(await readFile(nodesFile, "utf8")) as { id: string; key: string }[];
const url = new URL(channelPath, endpoint.replace(/^http/, "ws")).toString();
let online = 0;

function run(node: { id: string; key: KeyObject }, attempt = 0): void {
  let welcomed = false;
  const ws = new WebSocket(url, { handshakeTimeout: 10_000 });
  ws.on("error", () => {});
  ws.on("message", (data) => {
    const message = JSON.parse(String(data)) as ServerMessage;
    if (message.type === "challenge") {
      const signature = sign(null, Buffer.from(helloSigningText(message.nonce, node.id)), node.key).toString("base64");
      const platform = { Type: "Linux", Name: "Simulated", Version: "1" };
      ws.send(JSON.stringify({ type: "hello", instanceId: node.id, signature, agentVersion: "0.1.0", platform }));
    } else if (message.type === "welcome") {
      welcomed = true;
      online++;
    }
  });
  ws.on("close", () => {
    if (welcomed) online--;
    const next = welcomed ? 0 : attempt + 1;
    const delay = Math.random() * Math.min(60_000, 1000 * 2 ** next);
    setTimeout(() => run(node, next), delay);
  });
}

for (const node of nodes) run({ id: node.id, key: createPrivateKey(node.key) });
setInterval(() => console.log(`online ${online}`), 250);
