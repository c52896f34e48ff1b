import assert from "node:assert/strict";
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import { type ClientMessage, FrameError, MessageType, PayloadType } from "./client-message.ts";
import { DataStream } from "./data-stream.ts";
import { CipherError, cipherOverhead, SessionCipher } from "./session-cipher.ts";

const platform = { createCipheriv, createDecipheriv, randomBytes };

describe("session cipher", () => {
  const dataKey = randomBytes(64);
  const agent = new SessionCipher(dataKey, "agent", platform);
  const client = new SessionCipher(dataKey, "client", platform);

  it("opens at the other end what one end sealed, each way with its own half of the key", () => {
    const keystrokes = Buffer.from("id\r");
    const sealed = client.encrypt(keystrokes);
    assert.equal(sealed.length, keystrokes.length + cipherOverhead);
    assert.deepEqual(agent.decrypt(sealed), keystrokes);
    const output = randomBytes(100_000);
    assert.deepEqual(client.decrypt(agent.encrypt(output)), output);
    // A fresh nonce each time: the same bytes never seal alike.
    assert.notDeepEqual(client.encrypt(keystrokes), client.encrypt(keystrokes));
    // An end cannot open its own payloads: the halves differ by direction.
    assert.throws(() => client.decrypt(client.encrypt(keystrokes)), CipherError);
  });

  it("keeps its own copy of the key: the caller wipes the data key once the cipher holds it", () => {
    const key = randomBytes(64);
    const kept = Buffer.from(key);
    const agentEnd = new SessionCipher(key, "agent", platform);
    key.fill(0);
    const sealed = agentEnd.encrypt(Buffer.from("after the wipe"));
    assert.deepEqual(new SessionCipher(kept, "client", platform).decrypt(sealed), Buffer.from("after the wipe"));
    assert.throws(() => new SessionCipher(Buffer.alloc(64), "client", platform).decrypt(sealed), CipherError, "not sealed under zeros");
  });

  it("refuses altered bytes, short payloads and another session's key", () => {
    const sealed = agent.encrypt(Buffer.from("secret output"));
    const altered = Buffer.from(sealed);
    altered[cipherOverhead] = (altered[cipherOverhead] ?? 0) ^ 1;
    assert.throws(() => client.decrypt(altered), CipherError);
    assert.throws(() => client.decrypt(sealed.subarray(0, 20)), CipherError);
    const stranger = new SessionCipher(randomBytes(64), "client", platform);
    assert.throws(() => stranger.decrypt(sealed), CipherError);
    assert.throws(() => new SessionCipher(randomBytes(32), "agent", platform), CipherError);
  });

  it("encrypts what SSM encrypts: the agent's output, errors and exit code; the client's output", () => {
    assert.deepEqual(
      [PayloadType.output, PayloadType.stdErr, PayloadType.exitCode, PayloadType.flag, PayloadType.size].map((t) => agent.encrypts(t)),
      [true, true, true, false, false],
    );
    assert.deepEqual(
      [PayloadType.output, PayloadType.size, PayloadType.flag].map((t) => client.encrypts(t)),
      [true, false, false],
    );
    assert.equal(client.decrypts(PayloadType.exitCode), true);
    assert.equal(agent.decrypts(PayloadType.stdErr), false);
  });
});

describe("an encrypted data stream", () => {
  const crypto = { sha256: (data: Uint8Array) => createHash("sha256").update(data).digest(), randomUUID };

  /** Two ends of a stream joined directly; what crosses between them is kept. */
  function pair() {
    const dataKey = randomBytes(64);
    const wire: Buffer[] = [];
    const received: { agent: ClientMessage[]; client: ClientMessage[] } = { agent: [], client: [] };
    const ends: { agent?: DataStream; client?: DataStream } = {};
    const end = (role: "agent" | "client") =>
      new DataStream({
        sendType: role === "agent" ? MessageType.output : MessageType.input,
        crypto,
        now: Date.now,
        send: (frame) => {
          wire.push(frame);
          ends[role === "agent" ? "client" : "agent"]?.receive(frame);
          return true;
        },
        onMessage: (message) => received[role].push(message),
      });
    ends.agent = end("agent");
    ends.client = end("client");
    ends.agent.cipher = new SessionCipher(dataKey, "agent", platform);
    ends.client.cipher = new SessionCipher(dataKey, "client", platform);
    return { agent: ends.agent, client: ends.client, wire, received };
  }

  it("seals what each end encrypts on the wire and hands the reader the clear payload", async () => {
    const { agent, client, wire, received } = pair();
    await agent.write(PayloadType.output, Buffer.from("uid=0(root) secret output"));
    await client.write(PayloadType.output, Buffer.from("typed secret"));
    client.sendNow(PayloadType.size, Buffer.from('{"cols":80,"rows":24}'));
    assert.equal(Buffer.concat(wire).includes("secret"), false);
    assert.equal(Buffer.concat(wire).includes('"cols":80'), true, "a resize stays clear, as SSM sends it");
    assert.deepEqual(
      received.client.map((m) => m.payload.toString()),
      ["uid=0(root) secret output"],
    );
    assert.deepEqual(
      received.agent.map((m) => m.payload.toString()),
      ["typed secret", '{"cols":80,"rows":24}'],
    );
    agent.close();
    client.close();
  });

  it("refuses, as a frame that is not of the protocol, a payload that does not open", () => {
    const { client } = pair();
    const stranger = new DataStream({
      sendType: MessageType.output,
      crypto,
      now: Date.now,
      send: (frame) => {
        assert.throws(() => client.receive(frame), FrameError);
        return true;
      },
      onMessage: () => undefined,
    });
    stranger.cipher = new SessionCipher(randomBytes(64), "agent", platform);
    stranger.sendNow(PayloadType.output, Buffer.from("sealed with another key"));
    stranger.close();
    client.close();
  });
});
