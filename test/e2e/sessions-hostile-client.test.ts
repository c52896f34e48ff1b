/**
 * A hostile client against a real agent and server: anyone allowed to start a session on a node speaks the session
 * protocol to that node's agent, through the server's relay and recorder, so what the client sends must never take
 * either down (the server runs in this process: a crash there fails the test as an uncaught exception). A handshake answer that is not JSON, or
 * whose actions are not a list, and a terminal size that is not one, end that session with a reason; the agent stays
 * connected and serves the next one.
 */
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { DescribeInstanceInformationCommand, StartSessionCommand } from "@aws-sdk/client-ssm";
import WebSocket from "ws";
import { MessageType, PayloadFlag, PayloadType } from "../../src/protocol/session/client-message.ts";
import { ClientSession } from "../../src/protocol/session/client-session.ts";
import { DataStream } from "../../src/protocol/session/data-stream.ts";
import { type SessionNode, sendOver, startSessionNode } from "../kit/session-node.ts";
import { waitFor } from "../kit/wait.ts";

const crypto = { sha256: (data: Uint8Array) => createHash("sha256").update(data).digest(), randomUUID };
let s: SessionNode;

before(async () => {
  s = await startSessionNode();
});

after(async () => {
  await s?.stop();
});

const goodAnswer = Buffer.from(
  JSON.stringify({ ClientVersion: "1.2.0.0", ProcessedClientActions: [{ ActionType: "SessionType", ActionStatus: 1 }], Errors: [] }),
);

/**
 * Opens a session and answers the agent's handshake with `answer`, then (once the handshake is complete) sends each
 * of `then` as a payload of its type; resolves with the reason the session ended.
 */
async function answerHandshakeWith(answer: Buffer, then: [number, Buffer][] = []): Promise<string> {
  const started = await s.ssm.send(new StartSessionCommand({ Target: s.node }));
  const socket = new WebSocket(started.StreamUrl ?? "");
  return new Promise((resolve) => {
    const stream = new DataStream({
      sendType: MessageType.input,
      crypto,
      now: Date.now,
      send: sendOver(socket),
      onMessage: (message) => {
        if (message.payloadType === PayloadType.handshakeRequest) stream.sendNow(PayloadType.handshakeResponse, answer);
        if (message.payloadType === PayloadType.handshakeComplete) for (const [type, payload] of then) stream.sendNow(type, payload);
      },
      onControl: (message) => {
        if (message.messageType !== MessageType.channelClosed) return;
        stream.close();
        socket.close();
        resolve(String((JSON.parse(message.payload.toString("utf8")) as { Output?: string }).Output));
      },
    });
    // The data channel's first frame, as any client sends it: the session's token.
    const opening = JSON.stringify({
      MessageSchemaVersion: "1.0",
      RequestId: randomUUID(),
      TokenValue: started.TokenValue,
      ClientId: randomUUID(),
      ClientVersion: "hostile",
    });
    socket.on("open", () => socket.send(opening));
    socket.on("message", (data, isBinary) => isBinary && stream.receive(data as Buffer));
  });
}

/** A shell session that runs a command and shows its output, as an ordinary client carries it. */
async function ordinarySessionWorks(): Promise<boolean> {
  const started = await s.ssm.send(new StartSessionCommand({ Target: s.node }));
  const socket = new WebSocket(started.StreamUrl ?? "");
  return new Promise((resolve) => {
    let output = "";
    const client = new ClientSession({
      token: started.TokenValue ?? "",
      clientVersion: "1.2.0.0",
      crypto,
      now: Date.now,
      send: sendOver(socket),
      onStart: () => void client.write(Buffer.from("echo still-$((3*4))\n")),
      onData: (payload) => {
        output += payload.toString("utf8");
        if (!output.includes("still-12")) return;
        client.flag(PayloadFlag.terminateSession);
        client.close();
        socket.close();
        resolve(true);
      },
      onChannelClosed: () => resolve(false),
    });
    socket.on("open", () => socket.send(client.openingFrame()));
    socket.on("message", (data, isBinary) => isBinary && client.receive(data as Buffer));
  });
}

describe("a hostile client", () => {
  it("cannot take the agent down with a handshake answer or a terminal size it cannot read", async () => {
    for (const answer of ["not json at all", JSON.stringify({ ClientVersion: "x", ProcessedClientActions: 42, Errors: [] }), "null"]) {
      const reason = await answerHandshakeWith(Buffer.from(answer));
      assert.match(reason, /handshake answer is not one the agent can read|not JSON/, answer);
    }
    // After the handshake: a terminal size that is not JSON, or not an object.
    for (const size of ["{cols:", "null"]) {
      const reason = await answerHandshakeWith(goodAnswer, [[PayloadType.size, Buffer.from(size)]]);
      assert.match(reason, /could not take a message from the client/, size);
    }
    const online = await s.ssm.send(new DescribeInstanceInformationCommand({}));
    assert.equal(online.InstanceInformationList?.find((i) => i.InstanceId === s.node)?.PingStatus, "Online");
    await waitFor(() => ordinarySessionWorks(), 30_000);
  });
});
