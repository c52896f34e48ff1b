/**
 * @module One way to scope a query: `Scope` is declared once (core/store/scope.ts), and no query narrows by Region by
 * hand — each goes through `inScope` (chained wheres, checked to be on a table with both columns) or `scopeColumns`.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { describe, it } from "node:test";
import { sourceFiles, sourceRoot } from "../kit/source-files.ts";

const home = "server/core/store/scope.ts";
const files = sourceFiles().map((path) => ({ path: relative(sourceRoot, path), text: readFileSync(path, "utf8") }));

describe("scoped queries", () => {
  it("declare Scope once", () => {
    assert.deepEqual(
      files.filter((f) => /\binterface Scope\b|\btype Scope =/.test(f.text)).map((f) => f.path),
      [home],
    );
  });

  it("never narrow by account and Region by hand", () => {
    const byHand = files.filter((f) => f.path !== home && /where\(\s*"(region|\w+\.region)"/.test(f.text)).map((f) => f.path);
    assert.deepEqual(byHand, []);
  });
});
