/** @module Generated files match what their generators make from today's sources (a model or schema changed without them fails). */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { promisify } from "node:util";

const run = promisify(execFile);
const script = (name: string) => new URL(`../../scripts/${name}`, import.meta.url).pathname;

describe("generated files", () => {
  it("src/protocol/model-outputs.ts is what the service models give", async () => {
    await assert.doesNotReject(run(process.execPath, [script("generate-model-outputs.mjs"), "--check"]));
  });
});
