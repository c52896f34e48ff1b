/**
 * @module One clock: the server records, schedules and expires by its injected clock (`CoreServices.now`), and only
 * core/clock.ts reads the machine's (for signature ages and cache lifetimes). A stray `Date.now` would let part of the
 * server live in another time than the rest when a test drives the clock.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { describe, it } from "node:test";
import { sourceFiles, sourceRoot } from "../kit/source-files.ts";

describe("the server's clock", () => {
  it("is read through the injected clock or core/clock.ts, never Date.now elsewhere", () => {
    const stray = sourceFiles(`${sourceRoot}/server`)
      .map((path) => relative(sourceRoot, path))
      .filter((path) => path !== "server/core/clock.ts" && /Date\.now\b/.test(readFileSync(`${sourceRoot}/${path}`, "utf8")));
    assert.deepEqual(stray, []);
  });
});
