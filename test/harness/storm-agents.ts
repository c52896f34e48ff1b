/**
 * @module Simulated agents for the faults harness: they reconnect as the real agent does, and answer work as it does
 * with a journal (in memory: these processes are never killed): work is run once, its result resent on every new
 * channel until the server acknowledges it, and a redelivery of finished work is answered with the recorded result.
 * Every run is appended to a file (`<node> <command>` per line), so the harness can count runs.
 */

import { createPrivateKey, type KeyObject, sign } from "node:crypto";
import { appendFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import WebSocket from "ws";
import { channelPath, helloSigningText, type ServerMessage } from "../../src/protocol/agent/channel.ts";

const [endpoint = "", nodesFile = "", runsFile = ""] = process.argv.slice(2);
const nodes = JSON.parse(await readFile(nodesFile, "utf8")) as { id: string; key: string }[];
const url = new URL(channelPath, endpoint.replace(/^http/, "ws")).toString();
let online = 0;

interface Agent {
  id: string;
  key: KeyObject;
  results: Map<string, object>;
  unacked: Set<string>;
  socket?: WebSocket;
}

function run(agent: Agent, attempt = 0): void {
  let welcomed = false;
  const ws = new WebSocket(url, { handshakeTimeout: 10_000 });
  const send = (frame: object) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(frame));
  ws.on("error", () => {});
  ws.on("message", (data) => {
    const message = JSON.parse(String(data)) as ServerMessage;
    if (message.type === "challenge") {
      const signature = sign(null, Buffer.from(helloSigningText(message.nonce, agent.id)), agent.key).toString("base64");
      send({
        type: "hello",
        instanceId: agent.id,
        signature,
        agentVersion: "0.1.0",
        platform: { Type: "Linux", Name: "Storm", Version: "1" },
      });
    } else if (message.type === "welcome") {
      welcomed = true;
      online++;
      for (const commandId of agent.unacked) send(agent.results.get(commandId) ?? {});
    } else if (message.type === "work") {
      let result = agent.results.get(message.commandId);
      if (!result) {
        const startedAt = Date.now();
        appendFileSync(runsFile, `${agent.id} ${message.commandId}\n`);
        send({ type: "work-accepted", commandId: message.commandId, startedAt });
        const step = { status: "Success", statusDetails: "Success", responseCode: 0, startedAt, endedAt: Date.now() };
        result = {
          type: "result",
          commandId: message.commandId,
          statusDetails: "Success",
          responseCode: 0,
          startedAt,
          endedAt: Date.now(),
          steps: message.steps.map((s) => ({
            name: s.name,
            action: s.action,
            ...step,
            stdout: "ok\n",
            stderr: "",
            stdoutBytes: 3,
            stderrBytes: 0,
          })),
        };
        agent.results.set(message.commandId, result);
        agent.unacked.add(message.commandId);
      }
      send(result);
    } else if (message.type === "result-ack") {
      agent.unacked.delete(message.commandId);
    }
  });
  ws.on("close", () => {
    if (welcomed) online--;
    const next = welcomed ? 0 : attempt + 1;
    setTimeout(() => run(agent, next), Math.random() * Math.min(60_000, 1000 * 2 ** next));
  });
}

for (const node of nodes) run({ id: node.id, key: createPrivateKey(node.key), results: new Map(), unacked: new Set() });
setInterval(() => console.log(`online ${online}`), 250);
