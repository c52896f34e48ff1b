import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { backoffDelay } from "./backoff.ts";

describe("backoffDelay", () => {
  it("doubles its ceiling each attempt up to the cap", () => {
    const top = () => 0.999999;
    assert.equal(backoffDelay(0, { baseMs: 100, capMs: 1000 }, top), 99);
    assert.equal(backoffDelay(2, { baseMs: 100, capMs: 1000 }, top), 399);
    assert.equal(backoffDelay(10, { baseMs: 100, capMs: 1000 }, top), 999);
    assert.equal(backoffDelay(10_000, { baseMs: 100, capMs: 1000 }, top), 999, "no overflow for long outages");
  });

  it("spreads delays over the whole range (full jitter), not near the ceiling", () => {
    const delays = Array.from({ length: 2000 }, () => backoffDelay(6, { baseMs: 1000, capMs: 60_000 }));
    assert.ok(Math.min(...delays) < 6000);
    assert.ok(Math.max(...delays) > 54_000);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    assert.ok(mean > 25_000 && mean < 35_000, `mean ${mean} is near half the ceiling`);
  });
});
