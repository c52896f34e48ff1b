/**
 * @module The permission and tenancy matrix, generated from the action registry: every action the server answers
 * has an entry (matrix-entries.ts), and for each one
 * - a user allowed everything but denied the action on the canonical resource is refused through every spelling of
 *   it (name, ARN, ARN without Region or account, whitespace), or on `*` for actions that list;
 * - another account, and the same account in another Region, get exactly the answer a resource that does not exist
 *   gets, and their listings never hold the fixture's resources.
 * It runs on both engines, as every suite does.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ApiClient } from "../../src/cli/api-client.ts";
import type { Credentials } from "../../src/cli/credentials.ts";
import { iamActionOf } from "../../src/server/core/api/action.ts";
import { newAccount } from "../kit/accounts.ts";
import { registerAgentProcess } from "../kit/agents.ts";
import { apiClient } from "../kit/api-call.ts";
import { outcome } from "../kit/outcome.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { type Fixture, kinds, type MatrixEntry, matrix } from "./matrix-entries.ts";

let t: TestServer;
let home: string;
let fixture: Fixture;
let a: ApiClient;
let aWest: ApiClient;
let b: ApiClient;
let registry: { target: string; iamAction: string }[];

before(async () => {
  t = await startTestServer();
  home = await mkdtemp(join(tmpdir(), "bosun-matrix-"));
  registry = t.server.actions.map((action) => ({ target: `${action.target}.${action.name}`, iamAction: iamActionOf(action) }));
  const accountA = await newAccount(t, "matrix-a");
  const accountB = await newAccount(t, "matrix-b");
  a = apiClient(t.endpoint, accountA.admin);
  aWest = apiClient(t.endpoint, accountA.admin, "us-west-2");
  b = apiClient(t.endpoint, accountB.admin);
  await a.call("AmazonSSM.PutParameter", { Name: "/matrix/param", Value: "matrix-value", Type: "String" });
  await a.call("AmazonSSM.LabelParameterVersion", { Name: "/matrix/param", ParameterVersion: 1, Labels: ["lbl"] });
  const command = {
    schemaVersion: "2.2",
    description: "matrix",
    mainSteps: [{ name: "s", action: "aws:runShellScript", inputs: { runCommand: ["true"] } }],
  };
  await a.call("AmazonSSM.CreateDocument", { Name: "MatrixDoc", DocumentType: "Command", Content: JSON.stringify(command) });
  const activation = await a.call<{ ActivationId: string; ActivationCode: string }>("AmazonSSM.CreateActivation", { IamRole: "SSMRole" });
  const nodeId = await registerAgentProcess(t.endpoint, join(home, "node"), activation);
  const association = await a.call<{ AssociationDescription: { AssociationId: string } }>("AmazonSSM.CreateAssociation", {
    Name: "MatrixDoc",
    InstanceId: nodeId,
  });
  const sent = await a.call<{ Command: { CommandId: string } }>("AmazonSSM.SendCommand", {
    DocumentName: "MatrixDoc",
    InstanceIds: [nodeId],
  });
  await a.call("AmazonSSM.CreateResourceDataSync", {
    SyncName: "matrix-sync",
    S3Destination: { BucketName: "matrix-lake", SyncFormat: "JsonSerDe", Region: "us-east-1" },
  });
  await a.call("Bosun.PutMachineSource", {
    SourceName: "matrix-cmdb",
    SourceType: "CMDB",
    Content: "id,region\nm-1,us-east-1\n",
    ContentFormat: "CSV",
  });
  await a.call("AmazonSSM.PutInventory", {
    InstanceId: nodeId,
    Items: [{ TypeName: "Custom:Matrix", SchemaVersion: "1.0", CaptureTime: "2026-11-30T00:00:00Z", Content: [{ k: "v" }] }],
  });
  await a.call("Bosun.PutBucketPolicy", {
    Bucket: "matrix-bucket",
    Policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: accountA.accountId }, Action: "s3:PutObject" }] }),
  });
  const baseline = await a.call<{ BaselineId: string }>("AmazonSSM.CreatePatchBaseline", {
    Name: "matrix-baseline",
    OperatingSystem: "DEBIAN",
  });
  await a.call("AmazonSSM.RegisterPatchBaselineForPatchGroup", { BaselineId: baseline.BaselineId, PatchGroup: "matrix-group" });
  const window = await a.call<{ WindowId: string }>("AmazonSSM.CreateMaintenanceWindow", {
    Name: "matrix-window",
    Schedule: "cron(0 2 ? * SUN *)",
    Duration: 2,
    Cutoff: 1,
    AllowUnassociatedTargets: false,
  });
  const windowTarget = await a.call<{ WindowTargetId: string }>("AmazonSSM.RegisterTargetWithMaintenanceWindow", {
    WindowId: window.WindowId,
    ResourceType: "INSTANCE",
    Targets: [{ Key: "tag:env", Values: ["matrix"] }],
  });
  const windowTask = await a.call<{ WindowTaskId: string }>("AmazonSSM.RegisterTaskWithMaintenanceWindow", {
    WindowId: window.WindowId,
    TaskType: "RUN_COMMAND",
    TaskArn: "AWS-RunShellScript",
    Targets: [{ Key: "WindowTargetIds", Values: [windowTarget.WindowTargetId] }],
    MaxConcurrency: "1",
    MaxErrors: "0",
  });
  fixture = {
    accountId: accountA.accountId,
    nodeId,
    activationId: activation.ActivationId,
    associationId: association.AssociationDescription.AssociationId,
    commandId: sent.Command.CommandId,
    baselineId: baseline.BaselineId,
    windowId: window.WindowId,
    windowTargetId: windowTarget.WindowTargetId,
    windowTaskId: windowTask.WindowTaskId,
  };
});
after(async () => {
  await t?.close();
  await rm(home, { recursive: true, force: true });
});

/** An answer reduced to what a caller can compare: the exception and message, or the output, with names masked. */
async function answer(call: Promise<unknown>, masks: string[]): Promise<string> {
  let text: string;
  try {
    text = `ok ${JSON.stringify(await call)}`;
  } catch (error) {
    text = `error ${(error as Error).message}`;
  }
  for (const mask of masks.filter((m) => m.trim() !== "").sort((x, y) => y.length - x.length))
    text = text.replaceAll(mask.trim(), "<name>");
  return text;
}

let users = 0;
/** A user of account A allowed everything but `iamAction` on `resource`. */
async function deniedUser(iamAction: string, resource: string): Promise<ApiClient> {
  const operator = apiClient(t.endpoint, t.admin);
  const UserName = `denied-${++users}`;
  const policy = {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: "*", Resource: "*" },
      { Effect: "Deny", Action: iamAction, Resource: resource },
    ],
  };
  await operator.call("Bosun.CreateUser", { AccountId: fixture.accountId, UserName, PolicyDocument: JSON.stringify(policy) });
  const { AccessKey } = await operator.call<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>("Bosun.CreateAccessKey", {
    AccountId: fixture.accountId,
    UserName,
  });
  const keys: Credentials = { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey };
  return apiClient(t.endpoint, keys);
}

/** Strings that would show that another account or Region sees the fixture. */
const fixtureMarkers = (f: Fixture) => [
  f.nodeId,
  f.associationId,
  f.commandId,
  f.activationId,
  f.baselineId,
  "matrix-baseline",
  f.windowId,
  "matrix-window",
  "/matrix/param",
  "MatrixDoc",
  "matrix-sync",
  "matrix-cmdb",
  "Custom:Matrix",
  "matrix-bucket",
  "matrix-lake",
];

describe("the permission and tenancy matrix", () => {
  it("has an entry for every action the server answers, and none for an action it does not", () => {
    const targets = registry.map((r) => r.target).sort();
    assert.deepEqual(
      targets.filter((target) => !(target in matrix)),
      [],
      "actions without a matrix entry",
    );
    assert.deepEqual(
      Object.keys(matrix).filter((target) => !targets.includes(target)),
      [],
      "matrix entries for no action",
    );
  });

  it("refuses every action that a Deny covers, through every spelling of its canonical resource", async () => {
    const failures: string[] = [];
    for (const { target, iamAction } of registry) {
      const entry = matrix[target] as MatrixEntry;
      if ("resource" in entry) {
        const kind = kinds[entry.resource];
        const user = await deniedUser(iamAction, kind.arn(fixture));
        for (const spelling of kind.spellings(fixture)) {
          const got = await outcome(user.call(target, entry.input(spelling, fixture)));
          // An action may refuse a spelling outright (its input pattern takes names only): that runs nothing either.
          const refusedSpelling = spelling !== kind.ref(fixture) && got === "ValidationException";
          if (got !== "AccessDeniedException" && !refusedSpelling) failures.push(`${target} with ${JSON.stringify(spelling)}: ${got}`);
        }
      } else {
        const user = await deniedUser(iamAction, "*");
        const input = "listing" in entry ? entry.listing(fixture) : entry.input(fixture);
        const got = await outcome(user.call(target, input));
        if (got !== "AccessDeniedException") failures.push(`${target}: ${got}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it("answers another account and another Region exactly as for a resource that does not exist", async () => {
    const failures: string[] = [];
    for (const [target, entry] of Object.entries(matrix)) {
      if (!("resource" in entry)) continue;
      const kind = kinds[entry.resource];
      const masks = [kind.ref(fixture), kind.missing(fixture), fixture.accountId];
      if ("foreignAnswer" in kind) {
        const got = await outcome(b.call(target, entry.input(kind.ref(fixture), fixture)));
        if (got !== kind.foreignAnswer) failures.push(`${target} from another account: ${got}, not ${kind.foreignAnswer}`);
        continue;
      }
      const foreigners =
        "global" in kind
          ? ([["another account", b]] as const)
          : ([
              ["another account", b],
              ["another Region", aWest],
            ] as const);
      for (const [who, client] of foreigners) {
        const foreign = await answer(client.call(target, entry.input(kind.ref(fixture), fixture)), masks);
        const missing = await answer(client.call(target, entry.input(kind.missing(fixture), fixture)), masks);
        if (foreign !== missing) failures.push(`${target} from ${who}:\n  foreign: ${foreign}\n  missing: ${missing}`);
        if (foreign.includes("InternalServerError")) failures.push(`${target} from ${who}: ${foreign}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it("never shows the fixture in another account's or Region's listings", async () => {
    const failures: string[] = [];
    for (const [target, entry] of Object.entries(matrix)) {
      if (!("listing" in entry)) continue;
      const foreigners = entry.global
        ? ([["another account", b]] as const)
        : ([
            ["another account", b],
            ["another Region", aWest],
          ] as const);
      for (const [who, client] of foreigners) {
        const text = await answer(client.call(target, entry.listing(fixture)), []);
        const seen = fixtureMarkers(fixture).filter((marker) => text.includes(marker));
        if (seen.length > 0 || text.includes("InternalServerError"))
          failures.push(`${target} from ${who} shows ${seen.join(", ")}: ${text.slice(0, 300)}`);
      }
      // The owner's own listing does answer (the entry is a real call, not one that fails for every caller).
      const own = await answer(a.call(target, entry.listing(fixture)), []);
      if (!own.startsWith("ok")) failures.push(`${target} fails for its owner: ${own.slice(0, 300)}`);
    }
    assert.deepEqual(failures, []);
  });
});
