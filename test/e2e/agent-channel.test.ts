/** @module Real `bosun agent run` processes hold the channel: Online with their facts, ConnectionLost when gone, refused when deregistered. */
import assert from "node:assert/strict";
import { type ChildProcess, execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import {
  CreateActivationCommand,
  DeregisterManagedInstanceCommand,
  DescribeInstanceInformationCommand,
  type InstanceInformation,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import WebSocket from "ws";
import { type AgentProcess, exited, registerAgentProcess, startAgentProcess } from "../kit/agents.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

const run = promisify(execFile);
const heartbeatIntervalMs = 300;
let t: TestServer;
let ssm: SSMClient;
let work: string;
const agents: ChildProcess[] = [];

before(async () => {
  t = await startTestServer({ heartbeatIntervalMs });
  ssm = t.ssm();
  work = await mkdtemp(join(tmpdir(), "bosun-channel-"));
});
after(async () => {
  for (const agent of agents) if (agent.exitCode === null) agent.kill("SIGKILL");
  await t.close();
  await rm(work, { recursive: true, force: true });
});

async function registered(name: string): Promise<{ dir: string; id: string }> {
  const activation = await ssm.send(new CreateActivationCommand({ IamRole: "SSMRole" }));
  const dir = join(work, name);
  return { dir, id: await registerAgentProcess(t.endpoint, dir, activation) };
}

function startAgent(dir: string, env: Record<string, string> = {}): AgentProcess {
  const child = startAgentProcess(dir, env);
  agents.push(child);
  return child;
}

async function node(id: string): Promise<InstanceInformation | undefined> {
  const out = await ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: "InstanceIds", Values: [id] }] }));
  return out.InstanceInformationList?.[0];
}

describe("the agent channel", () => {
  it("brings a node Online with its platform, address, computer name and agent version", async () => {
    const { dir, id } = await registered("online");
    const agent = startAgent(dir);
    await waitFor(async () => (await node(id))?.PingStatus === "Online");
    const info = await node(id);
    assert.equal(info?.PlatformType, "Linux");
    assert.ok((info?.PlatformName ?? "").length > 0);
    assert.ok((info?.PlatformVersion ?? "").length > 0);
    assert.match(info?.AgentVersion ?? "", /^\d+\.\d+\.\d+$/);
    assert.equal(info?.IsLatestVersion, true);
    assert.ok((info?.ComputerName ?? "").length > 0);
    assert.ok(info?.LastPingDateTime instanceof Date);
    assert.match(agent.output(), /"msg":"connected"/);
    assert.equal((await stat(join(dir, "agent.log"))).mode & 0o777, 0o600);
    const linux = await ssm.send(
      new DescribeInstanceInformationCommand({
        Filters: [
          { Key: "PlatformTypes", Values: ["Linux"] },
          { Key: "PingStatus", Values: ["Online"] },
        ],
      }),
    );
    assert.ok(linux.InstanceInformationList?.some((n) => n.InstanceId === id));
    agent.kill("SIGTERM");
    assert.equal(await exited(agent), 0);
  });

  it("turns ConnectionLost after three missed heartbeats when the agent is killed, and Online again when it returns", async () => {
    const { dir, id } = await registered("lost");
    const agent = startAgent(dir);
    await waitFor(async () => (await node(id))?.PingStatus === "Online");
    agent.kill("SIGKILL");
    const killedAt = Date.now();
    await waitFor(async () => (await node(id))?.PingStatus === "ConnectionLost");
    assert.ok(Date.now() - killedAt >= 2 * heartbeatIntervalMs, "not declared lost before heartbeats were missed");
    const again = startAgent(dir);
    await waitFor(async () => (await node(id))?.PingStatus === "Online");
    again.kill("SIGTERM");
    await exited(again);
  });

  it("reconnects by itself after a server restart", async () => {
    const { dir, id } = await registered("restart");
    const agent = startAgent(dir);
    await waitFor(async () => (await node(id))?.PingStatus === "Online");
    await t.restart();
    await waitFor(async () => (agent.output().match(/"msg":"connected"/g) ?? []).length >= 2, 20_000);
    await waitFor(async () => (await node(id))?.PingStatus === "Online");
    assert.match(agent.output(), /disconnected; reconnecting/);
    agent.kill("SIGTERM");
    await exited(agent);
  });

  it("closes a deregistered node's channel at once and refuses it after, and its agent exits with status 2", async () => {
    const { dir, id } = await registered("deregistered");
    const agent = startAgent(dir);
    await waitFor(async () => (await node(id))?.PingStatus === "Online");
    await ssm.send(new DeregisterManagedInstanceCommand({ InstanceId: id }));
    assert.equal(await exited(agent), 2, "the connected agent is refused without waiting for a reconnect");
    assert.match(agent.output(), /was deregistered/);
    const returning = startAgent(dir);
    assert.equal(await exited(returning), 2);
    assert.match(returning.output(), /InvalidInstanceId/);
  });

  it("refuses an agent whose key is not the registered one", async () => {
    const { dir, id } = await registered("wrong-key");
    const { privateKey } = generateKeyPairSync("ed25519");
    await writeFile(join(dir, "private-key.pem"), privateKey.export({ format: "pem", type: "pkcs8" }).toString(), { mode: 0o600 });
    const agent = startAgent(dir);
    assert.equal(await exited(agent), 2);
    assert.match(agent.output(), /InvalidInstanceId/);
    assert.equal((await node(id))?.PingStatus, "ConnectionLost");
  });

  it("answers an unknown node id exactly as a real node with a wrong key, before either proves itself", async () => {
    const { id } = await registered("probed");
    const refusal = (instanceId: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`${t.endpoint.replace("http:", "ws:")}/agent/v1`);
        ws.on("message", (data) => {
          const frame = JSON.parse(String(data)) as { type: string };
          if (frame.type === "challenge")
            ws.send(
              JSON.stringify({
                type: "hello",
                instanceId,
                signature: Buffer.alloc(64).toString("base64"),
                agentVersion: "1.0.0",
                platform: { Type: "Linux", Name: "Debian", Version: "12" },
              }),
            );
          else resolve(String(data).replaceAll(instanceId, "<id>"));
        });
      });
    assert.equal(await refusal(id), await refusal("mi-0123456789abcdef0"));
  });

  it("refuses a connection that sends anything before a signed hello", async () => {
    const url = t.endpoint.replace("http:", "ws:");
    const ws = new WebSocket(`${url}/agent/v1`);
    const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
    ws.on("message", (data) => {
      if (String(data).includes("challenge")) ws.send(JSON.stringify({ type: "heartbeat" }));
    });
    assert.equal(await closed, 4003);
    const plain = await fetch(new URL("/agent/v1", t.endpoint));
    assert.equal(plain.status, 400);
  });

  it("rotates its key, and the old key works only during the grace window", async () => {
    const { dir, id } = await registered("rotating");
    const oldKey = await readFile(join(dir, "private-key.pem"), "utf8");
    const agent = startAgent(dir, { BOSUN_AGENT_KEY_MAX_AGE_MS: "0" });
    await waitFor(async () => agent.output().includes('"msg":"key rotated"'));
    agent.kill("SIGTERM");
    await exited(agent);
    assert.notEqual(await readFile(join(dir, "private-key.pem"), "utf8"), oldKey);
    await assert.rejects(stat(join(dir, "private-key.next.pem")), "no pending key is left behind");

    // A copy of the machine still holding the old key connects while the grace lasts...
    const stale = join(work, "rotating-stale");
    await run("cp", ["-a", dir, stale]);
    await writeFile(join(stale, "private-key.pem"), oldKey, { mode: 0o600 });
    const during = startAgent(stale);
    await waitFor(async () => during.output().includes('"msg":"connected"'));
    during.kill("SIGTERM");
    await exited(during);
    // ...and is refused once it has ended.
    const db = t.server.services.database.db.withTables<{
      managed_instances: { instance_id: string; previous_key_valid_until: number | null };
    }>();
    await db
      .updateTable("managed_instances")
      .set({ previous_key_valid_until: Date.now() - 1 })
      .where("instance_id", "=", id)
      .execute();
    const afterGrace = startAgent(stale);
    assert.equal(await exited(afterGrace), 2);
    const current = startAgent(dir);
    await waitFor(async () => current.output().includes('"msg":"connected"'));
    current.kill("SIGTERM");
    await exited(current);
  });

  it("keeps its registration and key across runs", async () => {
    const { dir, id } = await registered("kept");
    const registration = JSON.parse(await readFile(join(dir, "registration.json"), "utf8")) as { InstanceId: string };
    assert.equal(registration.InstanceId, id);
  });
});
