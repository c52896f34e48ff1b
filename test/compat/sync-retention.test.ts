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

interface Round {
  time: number;
  written: number;
  deleted: number;
  retained: number;
  newlyGone: number;
}
/** Every round of the "lake" sync that changed something, from the server's log (the status shows only the latest). */
const rounds = (): Round[] =>
  t
    .logText()
    .split("\n")
    .filter((line) => line.includes('"resource data sync round"'))
    .map((line) => JSON.parse(line) as Round & { syncName: string })
    .filter((round) => round.syncName === "lake");

describe("synced objects of nodes that are gone", () => {
  it("stay for the retention, then leave: deregistered and terminated nodes alike", async () => {
    const [deregistered = "", terminated = "", kept = ""] = nodes;
    // The retention starts when the server learns a node is gone, which is after this moment: a lower bound.
    const gone = Date.now();
    const before = rounds().length;
    await ssm.send(new DeregisterManagedInstanceCommand({ InstanceId: deregistered }));
    await apiClient(t.endpoint, t.admin).call("Bosun.PutMachineSource", {
      SourceName: "cmdb",
      SourceType: "CMDB",
      Content: `id,state\n${terminated},terminated\n${kept},running\n`,
    });
    const since = () => rounds().slice(before);
    const deletedSoFar = () => since().reduce((sum, round) => sum + round.deleted, 0);
    // Both nodes' two objects (AWS:Application and AWS:InstanceInformation), each round logged once it is done.
    await waitFor(() => deletedSoFar() >= 4, 60_000);
    assert.equal(deletedSoFar(), 4);
    assert.ok(!(await exists(objectOf(deregistered))) && !(await exists(objectOf(terminated))), "the objects are gone");
    const deletions = since().filter((round) => round.deleted > 0);
    const keptRounds = since().filter((round) => round.newlyGone > 0);
    assert.equal(
      keptRounds.reduce((sum, round) => sum + round.newlyGone, 0),
      4,
      "each of the four objects was first kept when its node was found gone",
    );
    assert.ok((keptRounds[0]?.time ?? Number.POSITIVE_INFINITY) < (deletions[0]?.time ?? 0), "kept before any was deleted");
    for (const round of deletions) assert.ok(round.time - gone >= 2000, "not before the retention ended");
    assert.ok(await exists(objectOf(kept)), "a node that is still there keeps its objects");
  });
});
