/**
 * @module Many simulated agents in one process, speaking the real agent protocol over loopback: each signs the
 * server's challenge with its own Ed25519 key, and answers work as `echo ok` would (accepted, then Success with
 * "ok\n"). Run as a child process so the server's memory is measured alone. Input: a JSON file of nodes.
 * Prints `connected N` once every node is welcomed, and `results N` as results are acknowledged.
 */
import { createPrivateKey } from "node:crypto";
import { readFile } from "node:fs/promises";
import WebSocket from "ws";
import { channelPath, type ServerMessage } from "../../src/protocol/agent/channel.ts";
import { helloFrame } from "../../test/kit/node-platform.ts";

const [endpoint = "", nodesFile = ""] = process.argv.slice(2);
const nodes = JSON.parse(await readFile(nodesFile, "utf8")) as { id: string; key: string }[];
const url = new URL(channelPath, endpoint.replace(/^http/, "ws")).toString();
let welcomed = 0;
let acknowledged = 0;

function connect(node: { id: string; key: string }): Promise<void> {
  const key = createPrivateKey(node.key);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on("error", reject);
    ws.on("message", (data) => {
      const message = JSON.parse(String(data)) as ServerMessage;
      if (message.type === "challenge")
        ws.send(JSON.stringify(helloFrame(node.id, key, message.nonce, { Name: "Simulated", Version: "1" })));
      else if (message.type === "welcome") {
        welcomed++;
        resolve();
      } else if (message.type === "work") {
        const startedAt = Date.now();
        ws.send(JSON.stringify({ type: "work-accepted", commandId: message.commandId, startedAt }));
        const endedAt = Date.now();
        ws.send(
          JSON.stringify({
            type: "result",
            commandId: message.commandId,
            statusDetails: "Success",
            responseCode: 0,
            startedAt,
            endedAt,
            steps: message.steps.map((s) => ({
              name: s.name,
              action: s.action,
              status: "Success",
              statusDetails: "Success",
              responseCode: 0,
              startedAt,
              endedAt,
              stdout: "ok\n",
              stderr: "",
              stdoutBytes: 3,
              stderrBytes: 0,
            })),
          }),
        );
      } else if (message.type === "result-ack") {
        acknowledged++;
      }
    });
  });
}

// Connect in waves, as agents returning to a server would (with backoff), not all in one instant.
for (let i = 0; i < nodes.length; i += 200) await Promise.all(nodes.slice(i, i + 200).map(connect));
console.log(`connected ${welcomed}`);
setInterval(() => console.log(`results ${acknowledged}`), 1000).unref();
setInterval(() => {}, 1 << 30);
