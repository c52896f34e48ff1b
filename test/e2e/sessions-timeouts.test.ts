/**
 * Session preferences' clocks, for real: a shell nobody types into ends after `idleSessionTimeout` (its least, one
 * minute), and a shell someone keeps typing into ends at `maxSessionDuration` (one minute too). Both sessions run at
 * once through the real AWS CLI and Bosun's plugin, so the file takes a little over a minute; it has its own server
 * because the preferences are the account's.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import {
  CreateDocumentCommand,
  DescribeSessionsCommand,
  UpdateDocumentCommand,
  UpdateDocumentDefaultVersionCommand,
} from "@aws-sdk/client-ssm";
import { awsCliEnv, awsCliMissing, awsPath } from "../kit/aws-cli.ts";
import "../kit/bosun-bin.ts";
import { type SessionNode, startSessionNode } from "../kit/session-node.ts";
import { waitFor } from "../kit/wait.ts";

const skip = awsCliMissing() ?? false;
let s: SessionNode;

before(async () => {
  if (!skip) s = await startSessionNode();
});

after(() => s?.stop());

/** `aws ssm start-session` to the node, its standard input a pipe (no terminal): what it prints, and when it exits. */
function startShell() {
  const child: ChildProcess = spawn(
    awsPath,
    ["--endpoint-url", s.t.endpoint, "--region", "us-east-1", "ssm", "start-session", "--target", s.node],
    {
      env: awsCliEnv(s.home, s.t.admin, { withPlugin: true }),
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const exited = new Promise<number>((resolve) => child.once("close", (code) => resolve(code ?? -1)));
  return { child, output: () => output, exited };
}

describe("session timeouts", { skip }, () => {
  it("ends a silent session after the idle timeout and a busy one at the maximum duration; the client is told why", async () => {
    // The preferences are read when a session starts: the silent shell starts under an idle timeout alone, the busy
    // one under a maximum duration (and the default 20-minute idle timeout, which its typing never reaches).
    const preferences = (inputs: Record<string, string>) =>
      JSON.stringify({ schemaVersion: "1.0", description: "Session preferences", sessionType: "Standard_Stream", inputs });
    await s.ssm.send(
      new CreateDocumentCommand({
        Name: "SSM-SessionManagerRunShell",
        DocumentType: "Session",
        Content: preferences({ idleSessionTimeout: "1" }),
      }),
    );
    const silent = startShell();
    await waitFor(() => /Starting session/.test(silent.output()), 20_000);
    const startedSilent = Date.now();
    silent.child.stdin?.write("echo once\n");

    await s.ssm.send(
      new UpdateDocumentCommand({
        Name: "SSM-SessionManagerRunShell",
        DocumentVersion: "$LATEST",
        Content: preferences({ maxSessionDuration: "1" }),
      }),
    );
    await s.ssm.send(new UpdateDocumentDefaultVersionCommand({ Name: "SSM-SessionManagerRunShell", DocumentVersion: "2" }));
    const busy = startShell();
    const typing = setInterval(() => busy.child.stdin?.write("echo tick\n"), 5_000);
    try {
      await waitFor(() => /Starting session/.test(busy.output()), 20_000);
      const startedBusy = Date.now();

      const silentCode = await silent.exited;
      const silentLasted = Date.now() - startedSilent;
      assert.match(silent.output(), /timed out due to inactivity/, silent.output());
      assert.ok(silentLasted >= 55_000, `the silent session ended after ${silentLasted} ms, before its minute`);
      assert.equal(silentCode, 0);

      await busy.exited;
      const busyLasted = Date.now() - startedBusy;
      assert.match(busy.output(), /reached its maximum duration/, busy.output());
      assert.match(busy.output(), /tick/, "the typing reached the shell");
      assert.ok(busyLasted >= 55_000, `the busy session ended after ${busyLasted} ms, before its minute`);
    } finally {
      clearInterval(typing);
      busy.child.kill();
      silent.child.kill();
    }
    await waitFor(async () => {
      const history = (await s.ssm.send(new DescribeSessionsCommand({ State: "History", Filters: [{ key: "Target", value: s.node }] })))
        .Sessions;
      return (history ?? []).length === 2 && (history ?? []).every((session) => session.Status === "Terminated");
    }, 20_000);
  });
});
