/**
 * @module TimeoutSeconds is a delivery deadline: a node away past the command's total timeout (delivery timeout plus
 * executionTimeout, 30 + 5 s here, the smallest SSM allows) gets Delivery Timed Out, and never runs the command.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { SendCommandCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { commandReaches, type Fleet, invocationReaches, runCount, startFleet } from "../kit/fleet.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

let t: TestServer;
let ssm: SSMClient;
let fleet: Fleet;

before(async () => {
  t = await startTestServer({ heartbeatIntervalMs: 500 });
  ssm = t.ssm();
  fleet = await startFleet(t, ssm, { away: {} });
});
after(async () => {
  await fleet?.stop();
  await t?.close();
});

it("an offline node past TimeoutSeconds + executionTimeout is Delivery Timed Out and never runs the command", async () => {
  const count = join(fleet.scratch, "late.count");
  await fleet.kill("away");
  const node = fleet.node("away");
  const sent = await ssm.send(
    new SendCommandCommand({
      DocumentName: "AWS-RunShellScript",
      InstanceIds: [node.id],
      Parameters: { commands: [`echo ran >> ${count}`], executionTimeout: ["5"] },
      TimeoutSeconds: 30,
    }),
  );
  const id = sent.Command?.CommandId ?? "";
  assert.equal(sent.Command?.ExpiresAfter?.getTime(), (sent.Command?.RequestedDateTime?.getTime() ?? 0) + 35_000);
  await invocationReaches(ssm, id, node.id, ["Delayed"]);
  const result = await invocationReaches(ssm, id, node.id, ["Delivery Timed Out"], 45_000);
  assert.equal(result.Status, "TimedOut");
  const command = await commandReaches(ssm, id, ["Delivery Timed Out"]);
  assert.equal(command?.Status, "TimedOut");
  assert.deepEqual([command?.DeliveryTimedOutCount, command?.ErrorCount, command?.CompletedCount], [1, 0, 1]);
  fleet.start("away");
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  assert.equal(await runCount(count), 0);
});
