/**
 * @module Errors only from the catalog: no source file outside src/protocol/errors spells an AWS error body (`__type`)
 * by hand. The server answers with `ServiceError`s (the API's dispatch, or `respondError` for routes and limits), and
 * every client reads errors with `readErrorBody`. The console's static files answer plain-text 404s, which are pages,
 * not API errors.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { sourceRoot as root, sourceFiles } from "../kit/source-files.ts";

describe("errors", () => {
  it("are written and read only by src/protocol/errors", () => {
    const byHand = sourceFiles(root)
      .map((file) => relative(root, file))
      .filter((file) => !file.startsWith("protocol/errors/"))
      .filter((file) => readFileSync(join(root, file), "utf8").includes("__type"));
    assert.deepEqual(byHand, []);
  });
});
