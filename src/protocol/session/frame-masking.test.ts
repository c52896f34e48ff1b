import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { framesNeedMask, maskOptions } from "./frame-masking.ts";

describe("session socket masking", () => {
  it("masks where an intermediary could read the frames, and only there", () => {
    assert.equal(framesNeedMask("ws://bosun.example.com:4601/v1/data-channel/s"), true);
    assert.equal(framesNeedMask("ws://10.0.0.5/v1/data-channel/s"), true);
    assert.equal(framesNeedMask("not a url"), true);
    assert.equal(framesNeedMask("wss://bosun.example.com/v1/data-channel/s"), false);
    assert.equal(framesNeedMask("ws://127.0.0.1:4601/agent/v1/sessions/s"), false);
    assert.equal(framesNeedMask("ws://localhost:4601/x"), false);
    assert.equal(framesNeedMask("ws://[::1]:4601/x"), false);
    assert.deepEqual(maskOptions("ws://bosun.example.com/x"), {});
    assert.equal(typeof maskOptions("wss://bosun.example.com/x").generateMask, "function");
  });
});
