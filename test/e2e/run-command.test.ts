/** @module Run Command against real agent processes: targets, output, rate control, MaxErrors, timeouts, cancel. */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import {
  CancelCommandCommand,
  CreateActivationCommand,
  DescribeInstanceInformationCommand,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  SendCommandCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { registerAgentProcess } from "../kit/agents.ts";
import { commandReaches, type Fleet, invocation, invocationReaches, runCount, startFleet } from "../kit/fleet.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

let t: TestServer;
let ssm: SSMClient;
let fleet: Fleet;

before(async () => {
  t = await startTestServer({ heartbeatIntervalMs: 500 });
  ssm = t.ssm();
  fleet = await startFleet(t, ssm, { web1: { env: "prod" }, web2: { env: "prod" }, dev: { env: "dev" } });
});
after(async () => {
  await fleet?.stop();
  await t?.close();
});

const send = async (commands: string[], extra: Partial<ConstructorParameters<typeof SendCommandCommand>[0]> = {}) => {
  const out = await ssm.send(new SendCommandCommand({ DocumentName: "AWS-RunShellScript", Parameters: { commands }, ...extra }));
  return out.Command?.CommandId ?? "";
};
const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("Run Command", () => {
  it("reaches the nodes of a tag, with the agent's environment, in a folder of its own", async () => {
    const id = await send(["echo node=$AWS_SSM_INSTANCE_ID region=$AWS_SSM_REGION_NAME", "pwd", "id -u"], {
      Targets: [{ Key: "tag:env", Values: ["prod"] }],
      Comment: "by tag",
    });
    const prod = [fleet.node("web1"), fleet.node("web2")];
    for (const node of prod) {
      const result = await invocationReaches(ssm, id, node.id, ["Success"]);
      const [line, cwd, uid] = (result.StandardOutputContent ?? "").trim().split("\n");
      assert.equal(line, `node=${node.id} region=us-east-1`);
      assert.ok(cwd?.startsWith(node.dir) && cwd.includes(id), `a folder of the invocation's own: ${cwd}`);
      assert.equal(uid, String(process.getuid?.()), "as the user the agent runs as (root under systemd)");
      assert.equal(result.ResponseCode, 0);
      assert.equal(result.PluginName, "runShellScript");
      assert.match(result.ExecutionElapsedTime ?? "", /^PT\d+\.\d{3}S$/);
    }
    const command = await commandReaches(ssm, id, ["Success"]);
    assert.equal(command?.Comment, "by tag");
    assert.deepEqual([command?.TargetCount, command?.CompletedCount, command?.ErrorCount], [2, 2, 0]);
    const invocations = (await ssm.send(new ListCommandInvocationsCommand({ CommandId: id }))).CommandInvocations ?? [];
    assert.deepEqual(invocations.map((i) => i.InstanceId).sort(), prod.map((n) => n.id).sort(), "the dev node is not targeted");
  });

  it("keeps the head for the API (24,000 / 8,000 / 2,500) and the whole output in the bucket's folder", async () => {
    const node = fleet.node("dev");
    const id = await send(["head -c 30000 /dev/zero | tr '\\0' 'o'", "head -c 9000 /dev/zero | tr '\\0' 'e' >&2"], {
      InstanceIds: [node.id],
      OutputS3BucketName: "command-output",
      OutputS3KeyPrefix: "runs/",
    });
    const result = await invocationReaches(ssm, id, node.id, ["Success"]);
    const stdout = result.StandardOutputContent ?? "";
    assert.equal(stdout.length, 24_000);
    assert.ok(stdout.endsWith("\n--output truncated--"));
    assert.equal((result.StandardErrorContent ?? "").length, 8_000);
    const url = result.StandardOutputUrl ?? "";
    assert.equal(
      url,
      `file://${join(t.dataDir, "buckets", "command-output", "runs", id, node.id, "awsrunShellScript", "runShellScript", "stdout")}`,
    );
    assert.equal((await readFile(fileURLToPath(url), "utf8")).length, 30_000);
    assert.equal((await stat(fileURLToPath(result.StandardErrorUrl ?? ""))).size, 9_000);
    const listed = (await ssm.send(new ListCommandInvocationsCommand({ CommandId: id, Details: true }))).CommandInvocations?.[0];
    const plugin = listed?.CommandPlugins?.[0];
    assert.equal(plugin?.Name, "runShellScript");
    assert.equal(plugin?.Status, "Success");
    assert.equal(plugin?.Output?.length, 2_500);
    assert.equal(plugin?.StandardOutputUrl, url);
    assert.equal(plugin?.OutputS3BucketName, "command-output");
    const withoutDetails = (await ssm.send(new ListCommandInvocationsCommand({ CommandId: id }))).CommandInvocations?.[0];
    assert.deepEqual(withoutDetails?.CommandPlugins, []);
  });

  it("stops at MaxErrors: one node fails, the rest are Terminated and never run", async () => {
    const count = join(fleet.scratch, "max-errors.count");
    const id = await send([`echo ran >> ${count}`, "exit 3"], {
      Targets: [{ Key: "tag-key", Values: ["env"] }],
      MaxConcurrency: "1",
      MaxErrors: "0",
    });
    const command = await commandReaches(ssm, id, ["Failed"]);
    assert.equal(command?.Status, "Failed");
    assert.deepEqual([command?.TargetCount, command?.CompletedCount, command?.ErrorCount], [3, 3, 1]);
    const invocations = (await ssm.send(new ListCommandInvocationsCommand({ CommandId: id }))).CommandInvocations ?? [];
    assert.deepEqual(invocations.map((i) => i.StatusDetails).sort(), ["Failed", "Terminated", "Terminated"]);
    const failed = invocations.find((i) => i.StatusDetails === "Failed");
    assert.equal((await invocation(ssm, id, failed?.InstanceId ?? "")).ResponseCode, 3);
    assert.equal(await runCount(count), 1);
  });

  it("sends to MaxConcurrency nodes at once: with 100% every node runs while the others run", async () => {
    // Each node writes its start, then waits for all three starts: it succeeds only if the three ran together.
    const log = join(fleet.scratch, "together.log");
    const id = await send(
      [`echo start >> ${log}`, `for i in $(seq 1 1200); do [ "$(grep -c start ${log})" -ge 3 ] && exit 0; sleep 0.1; done`, "exit 1"],
      { Targets: [{ Key: "tag-key", Values: ["env"] }], MaxConcurrency: "100%" },
    );
    const command = await commandReaches(ssm, id, ["Success"], 180_000);
    assert.deepEqual([command?.TargetCount, command?.CompletedCount, command?.ErrorCount], [3, 3, 0]);
  });

  for (const maxConcurrency of [undefined, "1"]) {
    it(`does not let offline nodes first in target order hold online ones back (MaxConcurrency ${maxConcurrency ?? "default"})`, async () => {
      // Two registered nodes whose agents never run, ahead of an online one in the command's target order.
      const activation = await ssm.send(new CreateActivationCommand({ IamRole: "R", RegistrationLimit: 2 }));
      const offline = [
        await registerAgentProcess(t.endpoint, join(fleet.scratch, `offline-${maxConcurrency}-a`), activation),
        await registerAgentProcess(t.endpoint, join(fleet.scratch, `offline-${maxConcurrency}-b`), activation),
      ];
      const online = fleet.node("web1").id;
      const id = await send(["echo online"], {
        InstanceIds: [...offline, online],
        ...(maxConcurrency ? { MaxConcurrency: maxConcurrency } : {}),
      });
      await invocationReaches(ssm, id, online, ["Success"]);
      const offlineStatuses = async () => {
        const invocations = (await ssm.send(new ListCommandInvocationsCommand({ CommandId: id }))).CommandInvocations ?? [];
        return offline.map((node) => invocations.find((i) => i.InstanceId === node)?.StatusDetails);
      };
      // A pass of the dispatcher may be between releasing and recording when the listing is read: wait for the state.
      await waitFor(async () => (await offlineStatuses()).every((s) => s === "Delayed"), 20_000).catch(() => undefined);
      assert.deepEqual(await offlineStatuses(), ["Delayed", "Delayed"], "the offline nodes wait for their agents, holding no slot");
      await ssm.send(new CancelCommandCommand({ CommandId: id }));
      await commandReaches(ssm, id, ["Cancelled"]);
    });
  }

  it("targets every managed node with InstanceIds=*, and refuses resource groups as unknown targets", async () => {
    const id = await send(["echo everyone"], { Targets: [{ Key: "InstanceIds", Values: ["*"] }] });
    for (const node of fleet.nodes) await invocationReaches(ssm, id, node.id, ["Success"]);
    const listed = (await ssm.send(new ListCommandInvocationsCommand({ CommandId: id }))).CommandInvocations ?? [];
    const nodes = await ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 50 }));
    assert.deepEqual(
      listed.map((i) => i.InstanceId).sort(),
      (nodes.InstanceInformationList ?? []).map((n) => n.InstanceId).sort(),
      "every node of the account and Region, online or not",
    );
    await ssm.send(new CancelCommandCommand({ CommandId: id }));
    for (const Key of ["resource-groups:Name", "resource-groups:ResourceTypeFilters"])
      await assert.rejects(send(["true"], { Targets: [{ Key, Values: ["web-servers"] }] }), { name: "InvalidTarget" });
    await assert.rejects(send(["true"], { Targets: [{ Key: "InstanceIds", Values: ["*", fleet.node("web1").id] }] }), {
      name: "ValidationException",
    });
  });

  it("kills the process tree when executionTimeout passes: Execution Timed Out", async () => {
    const node = fleet.node("web1");
    const pidFile = join(fleet.scratch, "timeout.pid");
    const timed = await ssm.send(
      new SendCommandCommand({
        DocumentName: "AWS-RunShellScript",
        InstanceIds: [node.id],
        Parameters: { commands: [`echo ran >> ${pidFile}.count`, `sleep 300 & echo $! > ${pidFile}`, "wait"], executionTimeout: ["5"] },
      }),
    );
    const result = await invocationReaches(ssm, timed.Command?.CommandId ?? "", node.id, ["Execution Timed Out"], 20_000);
    assert.equal(result.Status, "TimedOut");
    assert.equal(result.ResponseCode, 124);
    const pid = Number(await readFile(pidFile, "utf8"));
    await waitFor(() => !pidAlive(pid), 5_000);
    const command = await commandReaches(ssm, timed.Command?.CommandId ?? "", ["Execution Timed Out"]);
    assert.equal(command?.Status, "TimedOut");
    assert.equal(command?.ErrorCount, 1);
    assert.equal(await runCount(`${pidFile}.count`), 1, "a timed-out command is not run again");
  });

  it("CancelCommand stops a running sleep 600 and its children", async () => {
    const node = fleet.node("web2");
    const pidFile = join(fleet.scratch, "cancel.pid");
    const id = await send([`echo ran >> ${pidFile}.count`, `sleep 600 & echo $! > ${pidFile}`, "wait"], { InstanceIds: [node.id] });
    await invocationReaches(ssm, id, node.id, ["In Progress"]);
    await waitFor(async () => (await runCount(pidFile)) === 1);
    const pid = Number(await readFile(pidFile, "utf8"));
    assert.ok(pidAlive(pid));
    await ssm.send(new CancelCommandCommand({ CommandId: id }));
    const result = await invocationReaches(ssm, id, node.id, ["Cancelled"]);
    assert.equal(result.Status, "Cancelled");
    await waitFor(() => !pidAlive(pid), 5_000);
    const command = await commandReaches(ssm, id, ["Cancelled"]);
    assert.equal(command?.Status, "Cancelled");
    assert.equal(await runCount(`${pidFile}.count`), 1);
  });

  it("reports No Instances In Tag (unverified wording of Status: Success) when a tag matches nothing", async () => {
    const id = await send(["true"], { Targets: [{ Key: "tag:env", Values: ["nowhere"] }] });
    const command = await commandReaches(ssm, id, ["No Instances In Tag"]);
    assert.equal(command?.Status, "Success");
    assert.equal(command?.TargetCount, 0);
  });

  it("AWS-RunPowerShellScript runs pwsh where it exists and is Invalid Platform where it does not", async () => {
    const node = fleet.node("dev");
    const out = await ssm.send(
      new SendCommandCommand({
        DocumentName: "AWS-RunPowerShellScript",
        InstanceIds: [node.id],
        Parameters: { commands: ["Write-Output 'hi'"] },
      }),
    );
    const hasPwsh = (process.env.PATH ?? "").split(":").some((dir) => existsSync(join(dir, "pwsh")));
    const result = await invocationReaches(ssm, out.Command?.CommandId ?? "", node.id, ["Success", "Invalid Platform"]);
    assert.equal(result.StatusDetails, hasPwsh ? "Success" : "Invalid Platform");
  });

  it("ListCommands filters by status, document and time, newest first, and pages", async () => {
    const all = (await ssm.send(new ListCommandsCommand({}))).Commands ?? [];
    assert.ok(all.length >= 7);
    const times = all.map((c) => c.RequestedDateTime?.getTime() ?? 0);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
    const failed = (await ssm.send(new ListCommandsCommand({ Filters: [{ key: "Status", value: "Failed" }] }))).Commands ?? [];
    assert.ok(failed.length >= 1 && failed.every((c) => c.Status === "Failed"));
    // A command of an earlier case may finish between two listings: compare two listings that agree.
    await waitFor(async () => {
      const listed = (await ssm.send(new ListCommandsCommand({}))).Commands ?? [];
      const done = (await ssm.send(new ListCommandsCommand({ Filters: [{ key: "ExecutionStage", value: "Complete" }] }))).Commands ?? [];
      const again = (await ssm.send(new ListCommandsCommand({}))).Commands ?? [];
      const finished = (commands: typeof listed) =>
        commands.filter((c) => !["Pending", "InProgress", "Cancelling"].includes(c.Status ?? ""));
      return finished(listed).length === finished(again).length && done.length === finished(listed).length;
    }, 20_000);
    const future = new Date(Date.now() + 60_000).toISOString();
    assert.deepEqual((await ssm.send(new ListCommandsCommand({ Filters: [{ key: "InvokedAfter", value: future }] }))).Commands, []);
    const ps = (await ssm.send(new ListCommandsCommand({ Filters: [{ key: "DocumentName", value: "AWS-RunPowerShellScript" }] }))).Commands;
    assert.equal(ps?.length, 1);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await ssm.send(new ListCommandsCommand({ MaxResults: 2, NextToken: token }));
      seen.push(...(page.Commands ?? []).map((c) => c.CommandId ?? ""));
      token = page.NextToken;
    } while (token);
    assert.deepEqual(
      seen,
      all.map((c) => c.CommandId),
    );
    const forNode = (await ssm.send(new ListCommandsCommand({ InstanceId: fleet.node("dev").id }))).Commands ?? [];
    assert.ok(forNode.length >= 3 && forNode.length < all.length);
  });
});
