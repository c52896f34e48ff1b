/**
 * @module The AWS CLI v2 script: create-activation, two agents register, describe-instance-information,
 * send-command by tag, `wait command-executed`, get-command-invocation, list-command-invocations --details, and
 * cancel-command on `sleep 600`.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { type AgentProcess, registerAgentProcess, startAgentProcess } from "../kit/agents.ts";
import { awsCliMissing, awsPath, awsSsm } from "../kit/aws-cli.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

const missing = awsCliMissing();
const run = promisify(execFile);

let t: TestServer;
let work: string;
const agents: AgentProcess[] = [];
const ids: string[] = [];
const aws = (...args: string[]) => awsSsm(t, work, ...args);

describe("AWS CLI v2 runs commands on a fleet", { skip: missing }, () => {
  before(async () => {
    t = await startTestServer({ heartbeatIntervalMs: 300 });
    work = await mkdtemp(join(tmpdir(), "bosun-cli-run-"));
  });
  after(async () => {
    for (const agent of agents) agent.kill("SIGKILL");
    await t?.close();
    await rm(work, { recursive: true, force: true });
  });

  it("create-activation with a tag; two agents register and show Online", async () => {
    const activation = await aws("create-activation", "--iam-role", "SSMRole", "--registration-limit", "2", "--tags", "Key=role,Value=web");
    for (const name of ["one", "two"]) {
      ids.push(await registerAgentProcess(t.endpoint, join(work, name), activation as { ActivationId: string; ActivationCode: string }));
      agents.push(startAgentProcess(join(work, name)));
    }
    await waitFor(
      async () =>
        ((await aws("describe-instance-information", "--filters", "Key=PingStatus,Values=Online")).InstanceInformationList as unknown[])
          .length === 2,
      15_000,
      200,
    );
  });

  it("send-command by tag, wait command-executed, get-command-invocation, list-command-invocations --details", async () => {
    const sent = (
      await aws(
        "send-command",
        "--document-name",
        "AWS-RunShellScript",
        "--targets",
        "Key=tag:role,Values=web",
        "--parameters",
        'commands=["echo hello from $AWS_SSM_INSTANCE_ID"]',
        "--comment",
        "cli script",
      )
    ).Command as Record<string, unknown>;
    const commandId = String(sent.CommandId);
    assert.match(commandId, /^[0-9a-f-]{36}$/);
    assert.equal(sent.Status, "Pending");
    assert.equal(sent.TargetCount, 2);
    for (const id of ids) {
      // The real waiter: polls get-command-invocation until Success (exit 0) or a failure state (exit 255).
      await run(
        awsPath,
        [
          "--endpoint-url",
          t.endpoint,
          "--region",
          "us-east-1",
          "ssm",
          "wait",
          "command-executed",
          "--command-id",
          commandId,
          "--instance-id",
          id,
        ],
        {
          env: {
            PATH: process.env.PATH ?? "",
            HOME: work,
            AWS_ACCESS_KEY_ID: t.admin.accessKeyId,
            AWS_SECRET_ACCESS_KEY: t.admin.secretAccessKey,
            AWS_CONFIG_FILE: "/dev/null",
            AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
          },
        },
      );
      const result = await aws("get-command-invocation", "--command-id", commandId, "--instance-id", id);
      assert.equal(result.Status, "Success");
      assert.equal(result.StandardOutputContent, `hello from ${id}\n`);
      assert.match(String(result.ExecutionStartDateTime), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
    }
    const listed = (await aws("list-command-invocations", "--command-id", commandId, "--details")).CommandInvocations as Record<
      string,
      unknown
    >[];
    assert.equal(listed.length, 2);
    for (const entry of listed) {
      const plugins = entry.CommandPlugins as Record<string, unknown>[];
      assert.equal(plugins[0]?.Name, "runShellScript");
      assert.equal(plugins[0]?.Output, `hello from ${entry.InstanceId}\n`);
      assert.equal(plugins[0]?.ResponseCode, 0);
    }
    const commands = (await aws("list-commands", "--command-id", commandId)).Commands as Record<string, unknown>[];
    assert.equal(commands[0]?.Status, "Success");
    assert.equal(commands[0]?.CompletedCount, 2);
  });

  it("cancel-command on sleep 600: the invocation ends Cancelled and the waiter reports the failure", async () => {
    const sent = (
      await aws(
        "send-command",
        "--document-name",
        "AWS-RunShellScript",
        "--instance-ids",
        ids[0] ?? "",
        "--parameters",
        'commands=["sleep 600"]',
      )
    ).Command as Record<string, unknown>;
    const commandId = String(sent.CommandId);
    await waitFor(
      async () => (await aws("get-command-invocation", "--command-id", commandId, "--instance-id", ids[0] ?? "")).Status === "InProgress",
      15_000,
      200,
    );
    assert.deepEqual(await aws("cancel-command", "--command-id", commandId), {});
    await waitFor(
      async () => (await aws("get-command-invocation", "--command-id", commandId, "--instance-id", ids[0] ?? "")).Status === "Cancelled",
      15_000,
      200,
    );
    const commands = (await aws("list-commands", "--command-id", commandId)).Commands as Record<string, unknown>[];
    assert.equal(commands[0]?.Status, "Cancelled");
  });
});
