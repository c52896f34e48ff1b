/**
 * The relay's part in session-data encryption, over real WebSockets on loopback: the agent's `openDataKey` text frame
 * is answered once, only for a session whose preferences name a key, and what the relay records of an encrypted
 * session is the clear text. A hostile agent's malformed or repeated requests get an error, never a key.
 */
import assert from "node:assert/strict";
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import WebSocket, { WebSocketServer } from "ws";
import { type ClientMessage, encodeMessage, MessageType, newMessage, PayloadType } from "../../../protocol/session/client-message.ts";
import { SessionCipher } from "../../../protocol/session/session-cipher.ts";
import { type LiveSessionInfo, SessionRelay, type Side } from "./session-relay.ts";

const crypto = { sha256: (data: Uint8Array) => createHash("sha256").update(data).digest(), randomUUID };
const ciphers = { createCipheriv, createDecipheriv, randomBytes };
const dataKey = randomBytes(64);
const goodBlob = Buffer.from("the blob that opens");

let wss: WebSocketServer;
let url = "";
/** Server-side sockets, in the order clients connected. */
const accepted: WebSocket[] = [];

before(async () => {
  wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  wss.on("connection", (socket) => accepted.push(socket));
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
});

after(() => {
  for (const socket of wss.clients) socket.terminate();
  wss.close();
});

/** A relayed session's two ends: the outside sockets (as the agent and the client hold them) and the relay's events. */
async function session(kmsKeyArn: string | undefined) {
  const opened: Buffer[] = [];
  const recorded: { from: Side; message: ClientMessage }[] = [];
  const relay = new SessionRelay(
    {
      connected: () => undefined,
      disconnected: () => undefined,
      ended: () => undefined,
      frame: (_id, from, message) => recorded.push({ from, message }),
      openDataKey(_info, blob) {
        opened.push(blob);
        if (!blob.equals(goodBlob)) throw new Error("The data key is not bound to this session and node.");
        return Buffer.from(dataKey);
      },
    },
    { now: Date.now, resumeGraceMs: 60_000, crypto, ciphers },
  );
  const info: LiveSessionInfo = {
    sessionId: "admin-0123456789abcdef0",
    target: "mi-0123456789abcdef0",
    sessionType: "Standard_Stream",
    idleTimeoutMs: 60_000,
    endsAt: undefined,
    accountId: "111111111111",
    region: "us-east-1",
    kmsKeyArn,
  };
  const connect = async (side: Side) => {
    const outside = new WebSocket(url);
    await new Promise((resolve) => outside.once("open", resolve));
    while (accepted.length === 0) await new Promise((resolve) => setImmediate(resolve));
    relay.attach(info, side, accepted.shift() as WebSocket);
    return outside;
  };
  const agent = await connect("agent");
  const client = await connect("client");
  /** Sends the agent's text frame; resolves with the relay's answer. */
  const ask = (text: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      agent.once("message", (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>));
      agent.send(text);
    });
  const close = () => {
    relay.close();
    agent.terminate();
    client.terminate();
  };
  return { relay, agent, client, ask, opened, recorded, close };
}

describe("the relay and session-data encryption", () => {
  it("opens the data key once for the agent, and records the encrypted session in the clear", async () => {
    const s = await session("arn:aws:kms:us-east-1:111111111111:alias/sessions");
    try {
      assert.deepEqual(await s.ask(JSON.stringify({ openDataKey: goodBlob.toString("base64") })), { dataKey: dataKey.toString("base64") });
      // Asked again (a hostile agent fishing, or a confused one): refused, and the capability is not asked.
      assert.match(String((await s.ask(JSON.stringify({ openDataKey: goodBlob.toString("base64") }))).error), /no data key/);
      assert.equal(s.opened.length, 1);

      const sealed = new SessionCipher(dataKey, "agent", ciphers).encrypt(Buffer.from("uid=0(root)"));
      const message = newMessage({ messageType: MessageType.output, payloadType: PayloadType.output, payload: sealed }, crypto, Date.now());
      const passed = new Promise<Buffer>((resolve) => s.client.once("message", (data) => resolve(data as Buffer)));
      s.agent.send(encodeMessage(message, crypto));
      const onTheWire = await passed;
      assert.equal(onTheWire.includes("uid=0(root)"), false, "the relay passes the sealed bytes on as they are");
      assert.equal(s.recorded.at(-1)?.message.payload.toString(), "uid=0(root)");
    } finally {
      s.close();
    }
  });

  it("answers a malformed request, a blob that does not open, and a session without a key with an error, never a key", async () => {
    const keyed = await session("arn:aws:kms:us-east-1:111111111111:alias/sessions");
    const plain = await session(undefined);
    try {
      for (const text of ["not json", JSON.stringify({ openDataKey: 42 }), JSON.stringify({ other: "x" })]) {
        const answer = await keyed.ask(text);
        assert.equal(answer.dataKey, undefined, text);
        assert.equal(typeof answer.error, "string", text);
      }
      assert.deepEqual(await keyed.ask(JSON.stringify({ openDataKey: Buffer.from("forged").toString("base64") })), {
        error: "The data key is not bound to this session and node.",
      });
      const answer = await plain.ask(JSON.stringify({ openDataKey: goodBlob.toString("base64") }));
      assert.equal(answer.dataKey, undefined);
      assert.equal(plain.opened.length, 0, "a session without a key never asks the capability");
    } finally {
      keyed.close();
      plain.close();
    }
  });
});
