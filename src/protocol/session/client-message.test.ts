import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import {
  decodeMessage,
  encodeMessage,
  encodeMessageParts,
  type FrameCrypto,
  FrameError,
  MessageType,
  newMessage,
  PayloadType,
} from "./client-message.ts";
import { DataStream } from "./data-stream.ts";

const crypto: FrameCrypto = { sha256: (data) => createHash("sha256").update(data).digest(), randomUUID };

describe("session frames", () => {
  const message = newMessage(
    {
      messageType: MessageType.input,
      messageId: "dd01e56b-ff1e-4b5c-8ecd-0fa6b5e0d9d4",
      sequenceNumber: 7,
      payloadType: PayloadType.size,
      payload: Buffer.from('{"cols":80,"rows":24}'),
    },
    crypto,
    1_764_547_200_000,
  );

  it("lays the header out as the plugin does: big-endian, padded type, UUID low half first, SHA-256 digest", () => {
    const frame = encodeMessage(message, crypto);
    assert.equal(frame.length, 120 + message.payload.length);
    assert.equal(frame.readUInt32BE(0), 116);
    assert.equal(frame.toString("utf8", 4, 36), "input_stream_data               ");
    assert.equal(frame.readUInt32BE(36), 1);
    assert.equal(frame.readBigUInt64BE(40), 1_764_547_200_000n);
    assert.equal(frame.readBigInt64BE(48), 7n);
    assert.equal(frame.subarray(64, 80).toString("hex"), "8ecd0fa6b5e0d9d4dd01e56bff1e4b5c");
    assert.deepEqual(frame.subarray(80, 112), createHash("sha256").update(message.payload).digest());
    assert.equal(frame.readUInt32BE(112), 3);
    assert.equal(frame.readUInt32BE(116), message.payload.length);
    assert.deepEqual(decodeMessage(frame, crypto), message);
  });

  it("builds the same frame from a payload in parts (copied once, into the frame)", () => {
    const payload = message.payload;
    const parts = [payload.subarray(0, 5), Buffer.alloc(0), payload.subarray(5)];
    assert.deepEqual(encodeMessageParts(message, parts, crypto), encodeMessage(message, crypto));
  });

  it("refuses short frames, lengths that disagree and a payload that does not match its digest", () => {
    const frame = encodeMessage(message, crypto);
    assert.throws(() => decodeMessage(frame.subarray(0, 100), crypto), FrameError);
    assert.throws(() => decodeMessage(frame.subarray(0, frame.length - 1), crypto), FrameError);
    const tampered = Buffer.from(frame);
    tampered[tampered.length - 2] = 0x41;
    assert.throws(() => decodeMessage(tampered, crypto), /digest/);
    const wrongHeader = Buffer.from(frame);
    wrongHeader.writeUInt32BE(100, 0);
    assert.throws(() => decodeMessage(wrongHeader, crypto), FrameError);
  });
});

describe("a session's data stream", () => {
  /** Two ends joined by a transport that loses every third frame and delivers the rest in a shuffled order. */
  function pair(options: { lossy: boolean; window?: number; windowBytes?: number }) {
    const received: string[] = [];
    const queue: { to: "client" | "agent"; frame: Buffer }[] = [];
    let count = 0;
    const carry = (to: "client" | "agent") => (frame: Buffer) => {
      count++;
      if (options.lossy && count % 3 === 0) return true;
      queue.push({ to, frame });
      return true;
    };
    const client = new DataStream({
      sendType: MessageType.input,
      crypto,
      now: Date.now,
      send: carry("agent"),
      onMessage: () => undefined,
      resendAfterMs: 20,
      ...(options.window ? { windowMessages: options.window } : {}),
      ...(options.windowBytes ? { windowBytes: options.windowBytes } : {}),
    });
    const agent = new DataStream({
      sendType: MessageType.output,
      crypto,
      now: Date.now,
      send: carry("client"),
      onMessage: (m) => received.push(m.payload.toString()),
      resendAfterMs: 20,
    });
    const deliver = () => {
      while (queue.length > 0) {
        const index = options.lossy ? queue.length - 1 : 0;
        const [next] = queue.splice(index, 1);
        if (next) (next.to === "agent" ? agent : client).receive(next.frame);
      }
    };
    return { client, agent, received, deliver };
  }

  it("delivers every message once and in order through a transport that loses and reorders frames", async () => {
    const { client, agent, received, deliver } = pair({ lossy: true });
    for (let i = 0; i < 50; i++) await client.write(PayloadType.output, Buffer.from(`m${i}`));
    for (let round = 0; round < 200 && (received.length < 50 || client.unacknowledged > 0); round++) {
      deliver();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.deepEqual(
      received,
      Array.from({ length: 50 }, (_, i) => `m${i}`),
    );
    assert.equal(client.unacknowledged, 0);
    client.close();
    agent.close();
  });

  it("holds a writer at the window until the reader acknowledges", async () => {
    const { client, agent, deliver } = pair({ lossy: false, window: 4 });
    let written = 0;
    const writing = (async () => {
      for (let i = 0; i < 10; i++) {
        await client.write(PayloadType.output, Buffer.from(`w${i}`));
        written++;
      }
    })();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(written, 4, "four in flight, the fifth waits");
    assert.equal(client.unacknowledged, 4);
    while (written < 10) {
      deliver();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await writing;
    client.close();
    agent.close();
  });

  it("holds a writer once the bytes in flight reach the window's size, however few the messages", async () => {
    const { client, agent, deliver } = pair({ lossy: false, windowBytes: 300_000 });
    let written = 0;
    const writing = (async () => {
      for (let i = 0; i < 6; i++) {
        await client.write(PayloadType.output, Buffer.alloc(100_000, i));
        written++;
      }
    })();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(written, 3, "300,000 bytes in flight, the fourth write waits");
    while (written < 6) {
      deliver();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await writing;
    client.close();
    agent.close();
  });

  it("splits a large write into messages of at most 128 KiB", async () => {
    const frames: Buffer[] = [];
    const stream = new DataStream({
      sendType: MessageType.output,
      crypto,
      now: Date.now,
      send: (f) => frames.push(f) > 0,
      onMessage: () => undefined,
    });
    await stream.write(PayloadType.output, Buffer.alloc(300_000, 1));
    assert.deepEqual(
      frames.map((f) => decodeMessage(f).payload.length),
      [131072, 131072, 37856],
    );
    stream.close();
  });
});
