/**
 * @module Run Command under faults, with real agents: a node offline at send time, an agent killed mid-command,
 * a server restart mid-command, a 200 MB output. Each script appends to a count file: nothing may run twice.
 */
import assert from "node:assert/strict";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { SendCommandCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { commandReaches, type Fleet, invocationReaches, runCount, startFleet } from "../kit/fleet.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

let t: TestServer;
let ssm: SSMClient;
let fleet: Fleet;

// Agents inherit the test's environment: a secret in it must not reach the steps they run.
const canary = "canary-environment-7d1f";
before(async () => {
  process.env.BOSUN_CANARY_SECRET = canary;
  t = await startTestServer({ heartbeatIntervalMs: 500 });
  ssm = t.ssm();
  fleet = await startFleet(t, ssm, { offline: {}, victim: {}, steady: {}, big: {} });
});
after(async () => {
  await fleet?.stop();
  await t?.close();
});

async function send(node: string, commands: string[], extra: object = {}): Promise<string> {
  const out = await ssm.send(
    new SendCommandCommand({ DocumentName: "AWS-RunShellScript", InstanceIds: [fleet.node(node).id], Parameters: { commands }, ...extra }),
  );
  return out.Command?.CommandId ?? "";
}

describe("Run Command under faults", () => {
  it("a node offline at send time is Delayed, then gets the command when it comes back, once", async () => {
    const count = join(fleet.scratch, "offline.count");
    await fleet.kill("offline");
    const id = await send("offline", [`echo ran >> ${count}`, "echo back"]);
    await invocationReaches(ssm, id, fleet.node("offline").id, ["Delayed"]);
    fleet.start("offline");
    const result = await invocationReaches(ssm, id, fleet.node("offline").id, ["Success"]);
    assert.equal(result.StandardOutputContent, "back\n");
    // The node reconnects again later: the finished command is not run again.
    await fleet.kill("offline");
    fleet.start("offline");
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    assert.equal(await runCount(count), 1);
  });

  it("an agent killed mid-command stops its steps, reports Failed after it returns, and never re-runs it", async () => {
    const count = join(fleet.scratch, "victim.count");
    const finished = join(fleet.scratch, "victim.finished");
    // The background part outlives its shell unless the agent's restart stops it.
    const id = await send("victim", [
      `echo ran >> ${count}`,
      `(sleep 3; echo finished >> ${finished}) &`,
      "wait",
      `echo finished >> ${finished}`,
    ]);
    await invocationReaches(ssm, id, fleet.node("victim").id, ["In Progress"]);
    await waitFor(async () => (await runCount(count)) === 1);
    await fleet.kill("victim");
    fleet.start("victim");
    const result = await invocationReaches(ssm, id, fleet.node("victim").id, ["Failed"]);
    assert.equal(result.Status, "Failed");
    assert.match(result.StandardErrorContent ?? "", /agent stopped while this command was running.*not run again/s);
    assert.equal(result.ResponseCode, -1);
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    assert.equal(await runCount(count), 1);
    assert.equal(await runCount(finished), 0, "nothing the command started ran on after the agent died");
    const command = await commandReaches(ssm, id, ["Failed"]);
    assert.equal(command?.ErrorCount, 1);
  });

  it("a step runs with a clean environment, not the agent's", async () => {
    const id = await send("steady", ["env"]);
    const result = await invocationReaches(ssm, id, fleet.node("steady").id, ["Success"]);
    const output = result.StandardOutputContent ?? "";
    assert.match(output, new RegExp(`^AWS_SSM_INSTANCE_ID=${fleet.node("steady").id}$`, "m"));
    assert.match(output, /^PATH=/m);
    assert.doesNotMatch(output, new RegExp(canary));
    assert.doesNotMatch(output, /BOSUN_TEST_ENGINE|NODE_OPTIONS/);
  });

  it("a server restart mid-command loses nothing: the result arrives and the command finishes", async () => {
    const count = join(fleet.scratch, "restart.count");
    const id = await send("steady", [`echo ran >> ${count}`, "sleep 2", "echo survived"]);
    await invocationReaches(ssm, id, fleet.node("steady").id, ["In Progress"]);
    await t.restart();
    ssm = t.ssm();
    const result = await invocationReaches(ssm, id, fleet.node("steady").id, ["Success"], 30_000);
    assert.equal(result.StandardOutputContent, "survived\n");
    assert.equal(await runCount(count), 1);
    await commandReaches(ssm, id, ["Success"]);
  });

  it("a command pending at a server restart is delivered by the new server", async () => {
    const count = join(fleet.scratch, "pending.count");
    await fleet.kill("offline");
    const id = await send("offline", [`echo ran >> ${count}`]);
    await invocationReaches(ssm, id, fleet.node("offline").id, ["Delayed"]);
    await t.restart();
    ssm = t.ssm();
    fleet.start("offline");
    await invocationReaches(ssm, id, fleet.node("offline").id, ["Success"], 30_000);
    assert.equal(await runCount(count), 1);
  });

  it("200 MB of output streams to the bucket whole while the server's memory stays bounded", async () => {
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    try {
      const id = await send("big", ["head -c 200000000 /dev/zero | tr '\\0' 'x'"], { OutputS3BucketName: "big-output" });
      const result = await invocationReaches(ssm, id, fleet.node("big").id, ["Success"], 120_000);
      assert.equal((result.StandardOutputContent ?? "").length, 24_000);
      assert.equal((await stat(fileURLToPath(result.StandardOutputUrl ?? ""))).size, 200_000_000);
    } finally {
      clearInterval(sampler);
    }
    // The test process is the server: its memory grew by far less than the output it stored.
    assert.ok(peak - before < 150 * 1024 * 1024, `server RSS grew by ${Math.round((peak - before) / 1048576)} MB`);
  });
});
