import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import { FrameError, MessageType, PayloadType } from "./client-message.ts";
import { ClientSession } from "./client-session.ts";
import { DataStream } from "./data-stream.ts";

const crypto = { sha256: (data: Uint8Array) => createHash("sha256").update(data).digest(), randomUUID };

/** A client, and an agent's stream whose frames go straight to it. */
function pair() {
  const client = new ClientSession({
    token: "t",
    clientVersion: "1.2.0.0",
    crypto,
    now: Date.now,
    send: () => true,
    onStart: () => undefined,
    onData: () => undefined,
    onChannelClosed: () => undefined,
  });
  const agent = new DataStream({
    sendType: MessageType.output,
    crypto,
    now: Date.now,
    send: (frame) => {
      client.receive(frame);
      return true;
    },
    onMessage: () => undefined,
  });
  return { client, agent };
}

describe("the client's end of a session", () => {
  it("treats a handshake it cannot read as a frame outside the protocol (the plugin exits with a message, not a crash)", () => {
    for (const payload of ["not json", "null", JSON.stringify({ AgentVersion: "3.3.0.0", RequestedClientActions: 7 })]) {
      const { client, agent } = pair();
      assert.throws(() => agent.sendNow(PayloadType.handshakeRequest, Buffer.from(payload)), FrameError, payload);
      client.close();
      agent.close();
    }
    const { client, agent } = pair();
    assert.throws(() => agent.sendNow(PayloadType.handshakeComplete, Buffer.from("{")), /handshake completion is not JSON/);
    client.close();
    agent.close();
  });
});
