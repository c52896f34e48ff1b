import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BoundedQueue, FailureBackoff } from "./failure-backoff.ts";

describe("FailureBackoff", () => {
  const policy = { freeFailures: 2, baseMs: 1000, maxMs: 8000, forgetAfterMs: 60_000, maxKeys: 3 };

  it("lets a few failures through, then doubles the wait up to its cap, and never locks for good", () => {
    let now = 0;
    const backoff = new FailureBackoff(policy, () => now);
    backoff.failed("k");
    backoff.failed("k");
    assert.equal(backoff.waitFor("k"), 0);
    const waits = [];
    for (let i = 0; i < 6; i++) {
      backoff.failed("k");
      waits.push(backoff.waitFor("k"));
    }
    assert.deepEqual(waits, [1000, 2000, 4000, 8000, 8000, 8000]);
    now += 8000;
    assert.equal(backoff.waitFor("k"), 0, "the wait ends");
    backoff.succeeded("k");
    backoff.failed("k");
    assert.equal(backoff.waitFor("k"), 0, "success starts over");
    now += 60_000;
    assert.equal(backoff.waitFor("k"), 0);
  });

  it("keeps a bounded table, forgetting the oldest keys", () => {
    const backoff = new FailureBackoff({ ...policy, freeFailures: 0 }, () => 0);
    for (const key of ["a", "b", "c", "d"]) backoff.failed(key);
    assert.equal(backoff.waitFor("a"), 0, "a was forgotten");
    assert.equal(backoff.waitFor("d"), 1000);
  });
});

describe("BoundedQueue", () => {
  it("runs a few jobs at once, queues a few, and refuses the rest at once", async () => {
    const queue = new BoundedQueue(1, 1);
    let release: () => void = () => {};
    const first = queue.run(() => new Promise<string>((resolve) => (release = () => resolve("first"))));
    const second = queue.run(async () => "second");
    assert.equal(
      queue.run(async () => "third"),
      undefined,
    );
    release();
    assert.deepEqual(await Promise.all([first, second]), ["first", "second"]);
    assert.equal(await queue.run(async () => "again"), "again");
  });
});
