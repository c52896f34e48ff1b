import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import {
  agentMultiplexes,
  encodeSmuxFrame,
  Multiplexer,
  type MuxConnection,
  portSessionMultiplexed,
  SmuxCommand,
  SmuxError,
  SmuxReader,
  smuxMaxFrameData,
} from "./smux.ts";

/** A connection that keeps what it is told. */
class Recorded implements MuxConnection {
  written: Buffer[] = [];
  ended = false;
  destroyed = false;
  paused = false;
  full = false;
  write(data: Buffer): boolean {
    this.written.push(Buffer.from(data));
    return !this.full;
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
  get bytes(): Buffer {
    return Buffer.concat(this.written);
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A client and a node multiplexer wired to each other through messages of at most 1,000 bytes. */
function pair(options: { maxStreams?: number } = {}) {
  const accepted = new Map<number, Recorded>();
  const congested: MuxConnection[] = [];
  const messages: Buffer[] = [];
  let release: (() => void) | undefined;
  let blocked = false;
  const node: Multiplexer = new Multiplexer(
    {
      send: async (parts) => client.receive(Buffer.concat(parts)),
      accept: (id) => {
        const connection = new Recorded();
        accepted.set(id, connection);
        return connection;
      },
      congested: (c) => congested.push(c),
      ...options,
    },
    1000,
  );
  const client: Multiplexer = new Multiplexer(
    {
      send: async (parts) => {
        const bytes = Buffer.concat(parts);
        messages.push(bytes);
        if (blocked) await new Promise<void>((resolve) => (release = resolve));
        node.receive(bytes);
      },
      accept: () => undefined,
      congested: (c) => congested.push(c),
    },
    1000,
  );
  return {
    node,
    client,
    accepted,
    congested,
    messages,
    block: () => (blocked = true),
    unblock: () => {
      blocked = false;
      release?.();
    },
  };
}

describe("smux frames", () => {
  it("lays a frame out as smux version 1 does: version, command, little-endian length and stream id", () => {
    const frame = encodeSmuxFrame(SmuxCommand.psh, 0x01020304, Buffer.from("hello"));
    assert.equal(frame.toString("hex"), `0102050004030201${Buffer.from("hello").toString("hex")}`);
  });

  it("reads frames however the stream is cut, keeping one unfinished frame at most", () => {
    const data = randomBytes(5000);
    const stream = Buffer.concat([
      encodeSmuxFrame(SmuxCommand.syn, 3),
      encodeSmuxFrame(SmuxCommand.psh, 3, data),
      encodeSmuxFrame(SmuxCommand.nop, 0),
      encodeSmuxFrame(SmuxCommand.fin, 3),
    ]);
    for (const size of [1, 7, 8, 9, 4096, stream.length]) {
      const reader = new SmuxReader();
      const frames = [];
      for (let at = 0; at < stream.length; at += size) frames.push(...reader.push(stream.subarray(at, at + size)));
      assert.deepEqual(
        frames.map((f) => [f.command, f.streamId, f.data.length]),
        [
          [SmuxCommand.syn, 3, 0],
          [SmuxCommand.psh, 3, 5000],
          [SmuxCommand.nop, 0, 0],
          [SmuxCommand.fin, 3, 0],
        ],
        `chunks of ${size}`,
      );
      assert.deepEqual(frames[1]?.data, data);
    }
  });

  it("refuses bytes that are not smux", () => {
    assert.throws(() => new SmuxReader().push(Buffer.from("GET / HTTP/1.1\r\n")), SmuxError);
    assert.throws(() => new SmuxReader().push(Buffer.from([1, 9, 0, 0, 0, 0, 0, 0])), SmuxError);
  });
});

describe("multiplexer", () => {
  it("carries several connections at once, each byte for byte, in whole frames of at most one message", async () => {
    const p = pair();
    const locals = [new Recorded(), new Recorded(), new Recorded()];
    const ids = locals.map((local) => p.client.open(local));
    assert.deepEqual(ids, [1, 3, 5]);
    const sent = locals.map(() => randomBytes(2500));
    // Interleaved: a piece of each in turn.
    for (let at = 0; at < 2500; at += 700)
      for (const [i, id] of ids.entries()) p.client.data(id as number, (sent[i] as Buffer).subarray(at, at + 700));
    await settle();
    assert.deepEqual([...p.accepted.keys()], [1, 3, 5]);
    for (const [i, id] of ids.entries()) assert.deepEqual(p.accepted.get(id as number)?.bytes, sent[i]);
    // Every message holds whole frames and fits the message size.
    for (const message of p.messages) {
      assert.ok(message.length <= 1000);
      assert.ok(new SmuxReader().push(message).length > 0);
    }
    // The node answers on one stream; the client's connection gets it.
    p.node.data(3, Buffer.from("answer"));
    await settle();
    assert.equal(locals[1]?.bytes.toString(), "answer");
  });

  it("sends what one task queued as one message: a read's frames are not split over messages", async () => {
    const p = pair();
    const local = new Recorded();
    const id = p.client.open(local) as number;
    p.client.data(id, randomBytes(300));
    p.client.data(id, randomBytes(300));
    await settle();
    assert.equal(p.messages.length, 1, "the SYN and both reads in one message");
    assert.equal(p.messages[0]?.length, 8 + (8 + 300) * 2);
  });

  it("passes half-closes through and forgets a stream only when its connection closed", async () => {
    const p = pair();
    const local = new Recorded();
    const id = p.client.open(local) as number;
    p.client.data(id, Buffer.from("request"));
    p.client.ended(id);
    await settle();
    const target = p.accepted.get(id) as Recorded;
    assert.equal(target.ended, true, "the node's connection ends its writing side");
    // The target still answers after the client's FIN.
    p.node.data(id, Buffer.from("response"));
    p.node.connectionClosed(id);
    await settle();
    assert.equal(local.bytes.toString(), "response");
    assert.equal(local.ended, true);
    assert.equal(p.node.openStreams, 0);
    // Data for a finished stream is dropped.
    p.client.data(id, Buffer.from("late"));
    await settle();
    assert.equal(target.bytes.toString(), "request");
  });

  it("refuses streams beyond its limit, and destroys every connection when the session ends", async () => {
    const p = pair({ maxStreams: 2 });
    const locals = [new Recorded(), new Recorded(), new Recorded()];
    for (const local of locals) p.client.open(local);
    await settle();
    assert.equal(p.node.openStreams, 2);
    assert.equal(locals[2]?.ended, true, "the refused stream's FIN reached the client");
    const targets = [...p.accepted.values()];
    p.node.close();
    assert.ok(targets.every((t) => t.destroyed));
  });

  it("says when a connection cannot take more, and pauses local connections while the session's window is full", async () => {
    const p = pair();
    const local = new Recorded();
    const id = p.client.open(local) as number;
    await settle();
    (p.accepted.get(id) as Recorded).full = true;
    p.client.data(id, Buffer.from("x"));
    await settle();
    assert.deepEqual(p.congested, [p.accepted.get(id)]);

    p.block();
    p.client.data(id, randomBytes(600));
    await settle();
    p.client.data(id, randomBytes(300));
    assert.equal(local.paused, false, "one message is on its way, less than another waits");
    p.client.data(id, randomBytes(700));
    assert.equal(local.paused, true, "paused once a message's worth waits");
    p.unblock();
    await settle();
    await settle();
    assert.equal(local.paused, false);
  });

  it("ignores keep-alives and refuses a stream of garbage", () => {
    const p = pair();
    p.node.receive(encodeSmuxFrame(SmuxCommand.nop, 0));
    assert.equal(p.node.openStreams, 0);
    assert.throws(() => p.node.receive(Buffer.alloc(smuxMaxFrameData, 0xff)), SmuxError);
  });
});

describe("when a port session is multiplexed", () => {
  it("follows Amazon's plugin and agent: agents after 3.0.196.0, clients from 1.1.70, port forwarding only", () => {
    assert.equal(agentMultiplexes("3.0.196.0"), false);
    assert.equal(agentMultiplexes("3.0.196.1"), true);
    assert.equal(agentMultiplexes("3.3.0.0"), true);
    assert.equal(agentMultiplexes("0.1.0"), false);
    assert.equal(agentMultiplexes("latest"), false);
    assert.equal(agentMultiplexes(undefined), false);
    assert.equal(portSessionMultiplexed({ type: "LocalPortForwarding" }, "1.1.70"), true);
    assert.equal(portSessionMultiplexed({ type: "LocalPortForwarding" }, "1.2.0.0"), true);
    assert.equal(portSessionMultiplexed({ type: "LocalPortForwarding" }, "1.1.61.0"), false);
    assert.equal(portSessionMultiplexed({}, "1.2.0.0"), false, "SSH's ProxyCommand is one connection");
  });
});
