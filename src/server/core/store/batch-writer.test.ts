import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BatchWriter } from "./batch-writer.ts";

describe("BatchWriter", () => {
  it("writes what arrives during a write in the next one, and settles each submitter after its write", async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const writer = new BatchWriter<number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = [writer.submit(1), writer.submit(2)];
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    const later = [writer.submit(3), writer.submit(4), writer.submit(5)];
    let settled = false;
    void Promise.all(first).then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false, "not settled before the write ends");
    release();
    await Promise.all([...first, ...later]);
    assert.deepEqual(batches, [
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it("rejects the submitters of a failed write and goes on with the next", async () => {
    let fail = true;
    const writer = new BatchWriter<string>(async () => {
      if (fail) {
        fail = false;
        throw new Error("disk full");
      }
    });
    await assert.rejects(writer.submit("a"), /disk full/);
    await writer.submit("b");
  });
});
