/**
 * @module No stale data, with a retention: a deregistered node's and a terminated node's objects stay in the synced
 * folder bucket for the configured retention (here 2 s), then leave; a node that is still there keeps its objects.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  CreateActivationCommand,
  CreateResourceDataSyncCommand,
  DeregisterManagedInstanceCommand,
  ListResourceDataSyncCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { registerAgentProcess } from "../kit/agents.ts";
import { apiClient } from "../kit/api-call.ts";
import { putApplications } from "../kit/inventory.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

let t: TestServer;
let ssm: SSMClient;
let work: string;
const nodes: string[] = [];
const objectOf = (node: string) =>
  join(
    t.dataDir,
    "buckets",
    "lake",
    `AWS:Application/accountid=${t.accountId}/region=us-east-1/resourcetype=ManagedInstanceInventory/${node}.json`,
  );
const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );
const message = async () => (await ssm.send(new ListResourceDataSyncCommand({}))).ResourceDataSyncItems?.[0]?.LastSyncStatusMessage ?? "";

before(async () => {
  t = await startTestServer({ sweepIntervalMs: 250, syncRetentionMs: 2000 });
  ssm = t.ssm();
  work = await mkdtemp(join(tmpdir(), "bosun-retention-"));
  const activation = await ssm.send(new CreateActivationCommand({ IamRole: "R", RegistrationLimit: 3 }));
  for (let i = 0; i < 3; i++) {
    const node = await registerAgentProcess(t.endpoint, join(work, `n${i}`), activation);
    await putApplications(ssm, node, [{ Name: "curl", Version: "8.0" }]);
    nodes.push(node);
  }
  await ssm.send(
    new CreateResourceDataSyncCommand({
      SyncName: "lake",
      S3Destination: { BucketName: "lake", SyncFormat: "JsonSerDe", Region: "us-east-1" },
    }),
  );
  await waitFor(async () => (await Promise.all(nodes.map((n) => exists(objectOf(n))))).every(Boolean), 15_000);
});
after(async () => {
  await t?.close();
  await rm(work, { recursive: true, force: true });
});

describe("synced objects of nodes that are gone", () => {
  it("stay for the retention, then leave: deregistered and terminated nodes alike", async () => {
    const [deregistered = "", terminated = "", kept = ""] = nodes;
    await ssm.send(new DeregisterManagedInstanceCommand({ InstanceId: deregistered }));
    await apiClient(t.endpoint, t.admin).call("Bosun.PutMachineSource", {
      SourceName: "cmdb",
      SourceType: "CMDB",
      Content: `id,state\n${terminated},terminated\n${kept},running\n`,
    });
    const gone = Date.now();
    await waitFor(async () => /4 kept until their retention ends/.test(await message()), 10_000);
    assert.ok(await exists(objectOf(deregistered)), "within the retention the object is still there");
    assert.ok(await exists(objectOf(terminated)));
    await waitFor(async () => !(await exists(objectOf(deregistered))) && !(await exists(objectOf(terminated))), 15_000);
    assert.ok(Date.now() - gone >= 2000, "not before the retention ended");
    assert.ok(await exists(objectOf(kept)), "a node that is still there keeps its objects");
  });
});
