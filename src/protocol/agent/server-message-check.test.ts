import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import type { ServerMessage } from "./channel-schema.ts";
import { isServerMessage } from "./server-message-check.ts";

const commandId = "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
const frames: ServerMessage[] = [
  { type: "challenge", nonce: "bm9uY2U=" },
  { type: "welcome", instanceId: "mi-0123456789abcdef0", heartbeatIntervalMs: 30_000 },
  { type: "key-rotated", graceUntil: "2026-11-30T20:00:00.000Z" },
  { type: "refused", exception: "InvalidInstanceId", message: "deregistered" },
  {
    type: "work",
    commandId,
    documentName: "AWS-RunShellScript",
    uploadOutput: false,
    steps: [
      {
        name: "runShellScript",
        action: "aws:runShellScript",
        runCommand: ['echo "$BOSUN_PARAM_1"'],
        environment: { BOSUN_PARAM_1: "hello" },
        workingDirectory: "",
        timeoutSeconds: 3600,
      },
    ],
  },
  { type: "cancel", commandId },
  { type: "output-ack", commandId, step: 0, stream: "stdout", size: 131072 },
  { type: "result-ack", commandId },
];

describe("the agent's check of server frames (generated from the ServerMessage schema)", () => {
  it("accepts every frame the server sends", () => {
    for (const frame of frames) assert.ok(isServerMessage(frame), frame.type);
  });

  it("refuses what is not a frame of the protocol", () => {
    for (const bad of [
      null,
      "work",
      [],
      { type: "work" },
      { type: "launch-missiles" },
      { type: "cancel", commandId: "not-a-uuid" },
      { type: "output-ack", commandId, step: -1, stream: "stdout", size: 0 },
      { type: "output-ack", commandId, step: 0, stream: "stdin", size: 0 },
      { type: "welcome", instanceId: "mi-0123456789abcdef0", heartbeatIntervalMs: "30000" },
      {
        ...frames[4],
        steps: [{ name: "x", action: "aws:runShellScript", runCommand: "rm -rf /", workingDirectory: "", timeoutSeconds: 1 }],
      },
    ])
      assert.equal(isServerMessage(bad), false, JSON.stringify(bad));
  });

  it("is what the generator makes from today's schema", async () => {
    const script = new URL("../../../scripts/generate-server-message-check.ts", import.meta.url).pathname;
    await assert.doesNotReject(promisify(execFile)(process.execPath, ["--import", "tsx", script, "--check"]));
  });
});
