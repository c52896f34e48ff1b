/**
 * @module A Session Manager session whose server is killed (kill -9) mid-session: a real `bin/bosun server` process, a
 * real agent and the real AWS CLI with Bosun's plugin. The client exits, the node's command stops (nothing is left
 * running), and once the server is back the session is in the history, ended, with its recording finalized — what
 * the node printed before the crash is in it.
 */
import assert from "node:assert/strict";
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { CreateActivationCommand, DescribeSessionsCommand, SSMClient } from "@aws-sdk/client-ssm";
import { ApiError } from "../../src/cli/api-client.ts";
import { parseCredentialsFile } from "../../src/cli/credentials.ts";
import { type AgentProcess, exited, registerAgentProcess, startAgentProcess } from "../kit/agents.ts";
import { apiClient } from "../kit/api-call.ts";
import { awsCliEnv, awsCliMissing, awsPath } from "../kit/aws-cli.ts";
import { bosunBin } from "../kit/bosun-bin.ts";
import { freePort } from "../kit/ports.ts";
import { waitFor } from "../kit/wait.ts";

const skip = awsCliMissing() ?? false;
const run = promisify(execFile);
/** A command only this test runs, to find on the node's process list. */
const marker = `sleep ${3000 + Math.floor(Math.random() * 999)}`;

let work = "";
let port = 0;
let server: ChildProcess | undefined;
let agent: AgentProcess | undefined;
let keys = { accessKeyId: "", secretAccessKey: "" };

/** Starts `bin/bosun server` on the test's port and data folder; resolves when it listens. */
async function startServer(): Promise<ChildProcess> {
  // On its embedded default (SQLite): the file is about processes, not the store.
  const child = spawn(process.execPath, [bosunBin, "server", "--port", String(port), "--data-dir", join(work, "server")], {
    env: { PATH: process.env.PATH ?? "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  await waitFor(() => /Bosun is listening on/.test(output) || child.exitCode !== null, 30_000);
  if (child.exitCode !== null) throw new Error(`the server did not start: ${output}`);
  return child;
}

async function killed(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await gone;
}

const nodeRuns = async (command: string) => (await run("ps", ["-eo", "args"])).stdout.split("\n").some((l) => l.trim() === command);

before(async () => {
  if (skip) return;
  work = await mkdtemp(join(tmpdir(), "bosun-session-crash-"));
  port = await freePort();
  server = await startServer();
  const found = parseCredentialsFile(await readFile(join(work, "server", "admin-credentials"), "utf8"), "default");
  if (!found) throw new Error("no admin credentials");
  keys = found;
  const ssm = new SSMClient({ endpoint: `http://127.0.0.1:${port}`, region: "us-east-1", credentials: keys, maxAttempts: 1 });
  const activation = await ssm.send(new CreateActivationCommand({ IamRole: "SSMRole", RegistrationLimit: 1 }));
  ssm.destroy();
  await registerAgentProcess(`http://127.0.0.1:${port}`, join(work, "agent"), activation);
  agent = startAgentProcess(join(work, "agent"));
});

after(async () => {
  if (agent && agent.exitCode === null) {
    agent.kill("SIGTERM");
    await exited(agent);
  }
  await killed(server);
  if (work) await rm(work, { recursive: true, force: true });
});

describe("a session when its server is killed", { skip }, () => {
  it("ends for the client and the node at once, and is in the history with its recording once the server is back", async () => {
    const endpoint = `http://127.0.0.1:${port}`;
    const ssm = new SSMClient({ endpoint, region: "us-east-1", credentials: keys, maxAttempts: 1 });
    const api = apiClient(endpoint, keys);
    const nodes = await api.call<{ InstanceInformationList: { InstanceId: string; PingStatus: string }[] }>(
      "AmazonSSM.DescribeInstanceInformation",
      {},
    );
    const target = nodes.InstanceInformationList[0]?.InstanceId ?? "";
    await waitFor(async () => {
      const now = await api.call<{ InstanceInformationList: { PingStatus: string }[] }>("AmazonSSM.DescribeInstanceInformation", {});
      return now.InstanceInformationList[0]?.PingStatus === "Online";
    }, 30_000);

    const client = spawn(
      awsPath,
      [
        "--endpoint-url",
        endpoint,
        "--region",
        "us-east-1",
        "ssm",
        "start-session",
        "--target",
        target,
        "--document-name",
        "AWS-StartNonInteractiveCommand",
        "--parameters",
        `command=echo before-crash-$((40+2)); ${marker}`,
      ],
      {
        env: awsCliEnv(work, keys, { withPlugin: true }),
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    client.stdout?.on("data", (d) => {
      output += d;
    });
    const clientExited = new Promise<number | null>((resolve) => client.once("exit", (code) => resolve(code)));
    await waitFor(() => output.includes("before-crash-42"), 30_000);
    await waitFor(() => nodeRuns(marker));

    await killed(server);
    await clientExited;
    await waitFor(async () => !(await nodeRuns(marker)), 30_000);

    // Back on the same port and data: the session nobody relays ends, and its recording is finished.
    server = await startServer();
    await waitFor(async () => {
      const history = await ssm.send(new DescribeSessionsCommand({ State: "History" }));
      return history.Sessions?.some((s) => s.Target === target) ?? false;
    }, 120_000);
    const [ended] = (await ssm.send(new DescribeSessionsCommand({ State: "History" }))).Sessions ?? [];
    assert.equal(ended?.Status, "Terminated");
    // The sweep ends the session first and finishes its recording after: wait for the recording, not the row.
    let content = "";
    await waitFor(async () => {
      try {
        content = (await api.call<{ Content: string }>("Bosun.GetSessionRecording", { SessionId: ended?.SessionId })).Content;
        return true;
      } catch (error) {
        if (error instanceof ApiError && error.exception === "DoesNotExistException") return false;
        throw error;
      }
    }, 60_000);
    assert.match(content, /before-crash-42/);
    ssm.destroy();
  });
});
