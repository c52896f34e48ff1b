/**
 * @module Sessions across replicas (decision 021): two servers on one PostgreSQL database, the node's agent connected
 * to the second, the AWS CLI's StartSession sent to the first. The second tells the agent; both data sockets meet on
 * the first (the StreamUrl's replica), and the command's output comes back through the real plugin. ResumeSession
 * sends a client to the same replica, whichever replica answers it.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  CreateActivationCommand,
  DescribeInstanceInformationCommand,
  DescribeSessionsCommand,
  ResumeSessionCommand,
  type SSMClient,
  StartSessionCommand,
  TerminateSessionCommand,
} from "@aws-sdk/client-ssm";
import { type AgentProcess, exited, registerAgentProcess, startAgentProcess } from "../kit/agents.ts";
import { awsCliEnv, awsCliMissing, awsPath, runToEnd } from "../kit/aws-cli.ts";
import { startTestServer, type TestServer, testEngine } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

const skip = awsCliMissing() ?? (testEngine === "postgres" ? false : "replicas share a PostgreSQL database (runs in the PostgreSQL pass)");

let t: TestServer;
let replica: Awaited<ReturnType<TestServer["replica"]>>;
let first: SSMClient;
let second: SSMClient;
let work = "";
let agent: AgentProcess | undefined;
let node = "";

before(async () => {
  if (skip) return;
  t = await startTestServer({ heartbeatIntervalMs: 1000, sweepIntervalMs: 500 });
  replica = await t.replica();
  first = t.ssm();
  second = replica.ssm();
  work = await mkdtemp(join(tmpdir(), "bosun-session-replicas-"));
  const activation = await first.send(new CreateActivationCommand({ IamRole: "SSMRole", RegistrationLimit: 1 }));
  // The agent registers with, and keeps its channel on, the second replica.
  node = await registerAgentProcess(replica.endpoint, join(work, "agent"), activation);
  agent = startAgentProcess(join(work, "agent"));
  await waitFor(async () => {
    const info = await first.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: "InstanceIds", Values: [node] }] }));
    return info.InstanceInformationList?.[0]?.PingStatus === "Online";
  }, 30_000);
});

after(async () => {
  if (agent && agent.exitCode === null) {
    agent.kill("SIGTERM");
    await exited(agent);
  }
  first?.destroy();
  second?.destroy();
  await t?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Runs the AWS CLI (Bosun's plugin first on PATH) against an endpoint; its output and exit code. */
function aws(endpoint: string, args: string[]) {
  return runToEnd(awsPath, ["--endpoint-url", endpoint, "--region", "us-east-1", ...args], awsCliEnv(work, t.admin, { withPlugin: true }));
}

describe("sessions across replicas", { skip }, () => {
  it("runs a session started on one replica on a node whose agent is connected to the other", async () => {
    const run = await aws(t.endpoint, [
      "ssm",
      "start-session",
      "--target",
      node,
      "--document-name",
      "AWS-StartNonInteractiveCommand",
      "--parameters",
      "command=echo across-$((40+2))",
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /across-42/);
    const history = await second.send(new DescribeSessionsCommand({ State: "History" }));
    assert.ok(
      history.Sessions?.some((s) => s.Target === node && s.Status === "Terminated"),
      "the ended session, seen from the other replica",
    );
  });

  it("sends every client of a session to the replica its sockets meet on, whichever replica answers", async () => {
    const started = await first.send(new StartSessionCommand({ Target: node }));
    const resumed = await second.send(new ResumeSessionCommand({ SessionId: started.SessionId }));
    assert.equal(new URL(resumed.StreamUrl ?? "").host, new URL(started.StreamUrl ?? "").host);
    assert.equal(new URL(started.StreamUrl ?? "").host, new URL(t.endpoint).host);
    await second.send(new TerminateSessionCommand({ SessionId: started.SessionId }));
  });
});
