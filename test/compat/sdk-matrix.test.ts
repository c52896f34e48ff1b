/**
 * @module The SDK matrix (issue 17.9), against a real fleet: every paginated SSM operation Bosun implements, walked to
 * the end through @aws-sdk/client-ssm's own paginators with page size 1 and with the model's maximum (the same items,
 * in the same order, none twice); the model's waiter (CommandExecuted) through the SDK; and a smoke set through boto3
 * (Debian's python3-boto3), the other SDK users bring.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import * as sdk from "@aws-sdk/client-ssm";
import { makeAptWorld } from "../kit/apt-repo.ts";
import { commandReaches, type Fleet, startFleet } from "../kit/fleet.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { testSources } from "../kit/test-sources.ts";
import { waitFor } from "../kit/wait.ts";

const run = promisify(execFile);
const models = new URL("../../docs/reference/aws-models/", import.meta.url);
let t: TestServer;
let ssm: sdk.SSMClient;
let fleet: Fleet;
let scratch = "";
/** Inputs that make each paginated operation list at least two items of the fixture. */
let inputs: Record<string, Record<string, unknown>> = {};

before(async () => {
  t = await startTestServer();
  ssm = t.ssm();
  // Nodes one and two patch with apt in scratch roots of their own (test/kit/apt-repo.ts).
  scratch = await mkdtemp(join(tmpdir(), "bosun-sdk-matrix-"));
  const worlds = [];
  for (const name of ["one", "two"]) {
    const world = await makeAptWorld(join(scratch, name), {
      bookworm: [
        { name: "matrix-a", version: "1.1" },
        { name: "matrix-b", version: "1.0", priority: "important" },
      ],
    });
    await world.install([
      { name: "matrix-a", version: "1.0" },
      { name: "matrix-b", version: "1.0", priority: "important" },
    ]);
    worlds.push(world.env);
  }
  fleet = await startFleet(
    t,
    ssm,
    { one: { env: "matrix", "Patch Group": "matrix-a" }, two: { env: "matrix", "Patch Group": "matrix-a" }, three: { env: "matrix" } },
    { one: worlds[0] ?? {}, two: worlds[1] ?? {} },
  );
  const [one] = fleet.nodes;
  const node = one?.id ?? "";
  for (let i = 0; i < 3; i++) {
    await ssm.send(new sdk.PutParameterCommand({ Name: `/matrix/p${i}`, Value: `v${i}`, Type: "String" }));
    await ssm.send(new sdk.PutParameterCommand({ Name: "/matrix/history", Value: `h${i}`, Type: "String", Overwrite: i > 0 }));
    await ssm.send(new sdk.CreateActivationCommand({ IamRole: "R", Description: `matrix ${i}` }));
    await ssm.send(
      new sdk.CreateResourceDataSyncCommand({
        SyncName: `matrix-${i}`,
        S3Destination: { BucketName: "matrix-lake", SyncFormat: "JsonSerDe", Region: "us-east-1" },
      }),
    );
  }
  const content = (line: string) =>
    JSON.stringify({ schemaVersion: "2.2", mainSteps: [{ action: "aws:runShellScript", name: "s", inputs: { runCommand: [line] } }] });
  await ssm.send(new sdk.CreateDocumentCommand({ Name: "Matrix-Doc", Content: content("echo 1") }));
  for (let v = 2; v <= 3; v++)
    await ssm.send(new sdk.UpdateDocumentCommand({ Name: "Matrix-Doc", Content: content(`echo ${v}`), DocumentVersion: "$LATEST" }));
  const associations: string[] = [];
  for (let i = 0; i < 3; i++) {
    const created = await ssm.send(
      new sdk.CreateAssociationCommand({
        Name: "AWS-RunShellScript",
        AssociationName: `matrix-${i}`,
        Targets: [{ Key: "tag:env", Values: ["matrix"] }],
        Parameters: { commands: [`echo association ${i}`] },
      }),
    );
    associations.push(created.AssociationDescription?.AssociationId ?? "");
  }
  const [first = ""] = associations;
  await ssm.send(new sdk.UpdateAssociationCommand({ AssociationId: first, Parameters: { commands: ["echo updated"] } }));
  await ssm.send(new sdk.StartAssociationsOnceCommand({ AssociationIds: [first] }));
  for (let i = 0; i < 3; i++)
    await ssm.send(
      new sdk.SendCommandCommand({
        DocumentName: "AWS-RunShellScript",
        Targets: [{ Key: "tag:env", Values: ["matrix"] }],
        Parameters: { commands: [`echo ${i}`] },
      }),
    );
  for (const n of fleet.nodes)
    await ssm.send(
      new sdk.PutInventoryCommand({
        InstanceId: n.id,
        Items: [{ TypeName: "Custom:Matrix", SchemaVersion: "1.0", CaptureTime: "2026-11-30T00:00:00Z", Content: [{ Rack: n.name }] }],
      }),
    );
  // Compliance of two types on every node, a few items each: items, resource summaries and type summaries to page.
  for (const n of fleet.nodes)
    for (const ComplianceType of ["Custom:MatrixA", "Custom:MatrixB"])
      await ssm.send(
        new sdk.PutComplianceItemsCommand({
          ResourceId: n.id,
          ResourceType: "ManagedInstance",
          ComplianceType,
          ExecutionSummary: { ExecutionTime: new Date("2026-11-30T00:00:00Z") },
          Items: ["one", "two", "three"].map((Id, i) => ({ Id, Severity: "LOW", Status: i === 0 ? "NON_COMPLIANT" : "COMPLIANT" })),
        }),
      );
  // Three patch groups on one baseline of the account's, beside the predefined baselines.
  const baseline = await ssm.send(
    new sdk.CreatePatchBaselineCommand({
      Name: "matrix-baseline",
      OperatingSystem: "DEBIAN",
      ApprovedPatches: ["matrix-*"],
      ApprovedPatchesEnableNonSecurity: true,
    }),
  );
  for (const PatchGroup of ["matrix-a", "matrix-b", "matrix-c"])
    await ssm.send(new sdk.RegisterPatchBaselineForPatchGroupCommand({ BaselineId: baseline.BaselineId, PatchGroup }));
  const scan = await ssm.send(
    new sdk.SendCommandCommand({
      DocumentName: "AWS-RunPatchBaseline",
      InstanceIds: fleet.nodes.slice(0, 2).map((n) => n.id),
      Parameters: { Operation: ["Scan"] },
    }),
  );
  await commandReaches(ssm, scan.Command?.CommandId ?? "", ["Success"], 120_000);
  // Twelve maintenance windows, and twelve targets on the first: more than the smallest page (10) holds.
  const windowIds: string[] = [];
  for (let i = 0; i < 12; i++) {
    const window = await ssm.send(
      new sdk.CreateMaintenanceWindowCommand({
        Name: `matrix-window-${i}`,
        Schedule: "cron(0 2 ? * SUN *)",
        Duration: 2,
        Cutoff: 1,
        AllowUnassociatedTargets: false,
      }),
    );
    windowIds.push(window.WindowId ?? "");
  }
  for (let i = 0; i < 12; i++)
    await ssm.send(
      new sdk.RegisterTargetWithMaintenanceWindowCommand({
        WindowId: windowIds[0],
        ResourceType: "INSTANCE",
        Targets: [{ Key: "tag:rack", Values: [`r${i}`] }],
      }),
    );
  for (let i = 0; i < 12; i++)
    await ssm.send(
      new sdk.RegisterTaskWithMaintenanceWindowCommand({
        WindowId: windowIds[0],
        TaskType: "RUN_COMMAND",
        TaskArn: "AWS-RunShellScript",
        Targets: [{ Key: "tag:rack", Values: [`r${i}`] }],
        MaxConcurrency: "1",
        MaxErrors: "0",
        Priority: i,
      }),
    );
  for (const type of ["Custom:GoneA", "Custom:GoneB"]) {
    await ssm.send(
      new sdk.PutInventoryCommand({
        InstanceId: node,
        Items: [{ TypeName: type, SchemaVersion: "1.0", CaptureTime: "2026-11-30T00:00:00Z", Content: [{ X: "1" }] }],
      }),
    );
    await ssm.send(new sdk.DeleteInventoryCommand({ TypeName: type }));
  }
  // Every node has run every association: their statuses are there to list.
  await waitFor(async () => {
    const statuses = await ssm.send(new sdk.DescribeInstanceAssociationsStatusCommand({ InstanceId: node }));
    return (statuses.InstanceAssociationStatusInfos ?? []).filter((s) => s.Status === "Success").length >= 3;
  }, 30_000);
  // And nothing moves any more (the walks compare whole items): every command, association runs included, finished.
  await waitFor(async () => {
    const listed = await ssm.send(new sdk.ListCommandsCommand({}));
    const all = listed.Commands ?? [];
    return all.length >= 8 && all.every((c) => c.Status === "Success");
  }, 20_000).catch(async (e) => {
    const listed = await ssm.send(new sdk.ListCommandsCommand({}));
    throw new Error(`${e}: ${JSON.stringify(listed.Commands?.map((c) => [c.Comment, c.Status, c.StatusDetails]))}`);
  });
  const executions = await ssm.send(new sdk.DescribeAssociationExecutionsCommand({ AssociationId: first }));
  const commands = await ssm.send(new sdk.ListCommandsCommand({ Filters: [{ key: "DocumentName", value: "AWS-RunShellScript" }] }));
  // Sessions in History to page through; one is resumed first (a new token) and then ended.
  for (let i = 0; i < 3; i++) {
    const session = await ssm.send(new sdk.StartSessionCommand({ Target: node }));
    if (i === 0) assert.ok((await ssm.send(new sdk.ResumeSessionCommand({ SessionId: session.SessionId }))).TokenValue);
    await ssm.send(new sdk.TerminateSessionCommand({ SessionId: session.SessionId }));
  }
  inputs = {
    DescribeActivations: {},
    DescribeAssociationExecutionTargets: { AssociationId: first, ExecutionId: executions.AssociationExecutions?.[0]?.ExecutionId },
    DescribeAssociationExecutions: { AssociationId: first },
    DescribeEffectiveInstanceAssociations: { InstanceId: node },
    DescribeInstanceAssociationsStatus: { InstanceId: node },
    DescribeInstanceInformation: {},
    DescribeInventoryDeletions: {},
    DescribeParameters: {},
    DescribeSessions: { State: "History" },
    GetInventory: {},
    GetInventorySchema: {},
    GetParameterHistory: { Name: "/matrix/history" },
    GetParametersByPath: { Path: "/matrix" },
    ListAssociationVersions: { AssociationId: first },
    ListAssociations: {},
    ListCommandInvocations: { CommandId: commands.Commands?.[0]?.CommandId },
    ListCommands: {},
    ListDocumentVersions: { Name: "Matrix-Doc" },
    ListDocuments: {},
    ListResourceDataSync: {},
    ListComplianceItems: {},
    ListComplianceSummaries: {},
    ListResourceComplianceSummaries: {},
    DescribePatchBaselines: {},
    DescribePatchGroups: {},
    DescribeInstancePatchStates: { InstanceIds: fleet.nodes.map((n) => n.id) },
    DescribeInstancePatches: { InstanceId: node },
    DescribeInstancePatchStatesForPatchGroup: { PatchGroup: "matrix-a" },
    DescribeAvailablePatches: {},
    DescribeEffectivePatchesForPatchBaseline: { BaselineId: baseline.BaselineId },
    DescribePatchProperties: { OperatingSystem: "DEBIAN", Property: "PRIORITY" },
    DescribeMaintenanceWindows: {},
    DescribeMaintenanceWindowTargets: { WindowId: windowIds[0] },
    DescribeMaintenanceWindowTasks: { WindowId: windowIds[0] },
  };
});
after(async () => {
  await fleet?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
  ssm?.destroy();
  await t?.close();
});

type Paginator = (config: { client: sdk.SSMClient; pageSize: number }, input: object) => AsyncIterable<Record<string, unknown>>;

describe("the SDK matrix", () => {
  it("walks every paginated operation to the end with page size 1 and with the maximum, through the SDK's paginators", async () => {
    const paginators = JSON.parse(await readFile(new URL("ssm.paginators-1.json", models), "utf8")) as {
      pagination: Record<string, { result_key: string; limit_key: string }>;
    };
    const model = JSON.parse(await readFile(new URL("ssm.service-2.json", models), "utf8")) as {
      operations: Record<string, { input: { shape: string } }>;
      shapes: Record<string, { members?: Record<string, { shape: string }>; max?: number; min?: number }>;
    };
    const implemented = new Set(t.server.actions.filter((a) => a.target === "AmazonSSM").map((a) => a.name));
    const walked: string[] = [];
    for (const [operation, pagination] of Object.entries(paginators.pagination)) {
      if (!implemented.has(operation)) continue;
      const input = inputs[operation];
      assert.ok(input, `no fixture input for ${operation}`);
      const limitShape = model.shapes[model.operations[operation]?.input.shape ?? ""]?.members?.[pagination.limit_key]?.shape ?? "";
      const maximum = model.shapes[limitShape]?.max ?? 50;
      // Page size 1, or the model's smallest where it allows no less (DescribeInstanceInformation takes 5 to 50).
      const smallest = model.shapes[limitShape]?.min ?? 1;
      const paginate = (sdk as unknown as Record<string, Paginator>)[`paginate${operation}`];
      assert.ok(paginate, `the SDK has no paginator for ${operation}`);
      const walk = async (pageSize: number) => {
        const items: string[] = [];
        let pages = 0;
        // A copy each walk: the SDK's paginator writes NextToken into the input it is given.
        for await (const page of paginate({ client: ssm, pageSize }, { ...input })) {
          pages++;
          const got = (page[pagination.result_key] as unknown[] | undefined) ?? [];
          assert.ok(got.length <= pageSize, `${operation}: a page of ${got.length} for page size ${pageSize}`);
          // Server-made inventory (AWS:InstanceInformation) is captured as it is read: its time is the walk's, not the item's.
          items.push(...got.map((item) => JSON.stringify(item).replace(/"CaptureTime":"[^"]*"/g, '"CaptureTime":"…"')));
          assert.ok(pages < 1000, `${operation} never ends`);
        }
        return items;
      };
      const one = await walk(smallest);
      const most = await walk(maximum);
      assert.ok(one.length >= 2, `${operation}: the fixture lists ${one.length} items; the smallest page must page`);
      assert.deepEqual(one, most, `${operation}: page size ${smallest} and ${maximum} list the same items`);
      assert.equal(new Set(one).size, one.length, `${operation}: an item twice`);
      walked.push(operation);
    }
    assert.equal(walked.length, Object.keys(inputs).length, walked.join(", "));
  });

  it("drives every implemented action through @aws-sdk/client-ssm somewhere in the tests", async () => {
    const tests = (await testSources()).map((f) => f.text).join("\n");
    const undriven = t.server.actions
      .filter((a) => a.target === "AmazonSSM")
      .map((a) => a.name)
      .filter((name) => !tests.includes(`${name}Command(`) && !tests.includes(`paginate${name}`));
    assert.deepEqual(undriven, []);
    // The one the other suites reach only through its paginator, by its Command here.
    const deletions = await ssm.send(new sdk.DescribeInventoryDeletionsCommand({}));
    assert.deepEqual(deletions.InventoryDeletions?.map((d) => d.TypeName).sort(), ["Custom:GoneA", "Custom:GoneB"]);
  });

  it("runs the model's waiter, CommandExecuted, through the SDK", async () => {
    const node = fleet.nodes[0]?.id ?? "";
    const sent = await ssm.send(
      new sdk.SendCommandCommand({ DocumentName: "AWS-RunShellScript", InstanceIds: [node], Parameters: { commands: ["echo waited"] } }),
    );
    const result = await sdk.waitUntilCommandExecuted(
      { client: ssm, maxWaitTime: 600, minDelay: 1, maxDelay: 2 },
      { CommandId: sent.Command?.CommandId, InstanceId: node },
    );
    assert.equal(result.state, "SUCCESS");
    await commandReaches(ssm, sent.Command?.CommandId ?? "", ["Success"]);
  });

  it("answers boto3 (Debian's python3-boto3): parameters, paginated listings, a command and an error", {
    skip: existsSync("/usr/bin/python3") ? false : "no python3",
  }, async () => {
    const script = `
import boto3, json, sys
ssm = boto3.client("ssm", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])
ssm.put_parameter(Name="/boto3/greeting", Value="hello from boto3", Type="SecureString")
value = ssm.get_parameter(Name="/boto3/greeting", WithDecryption=True)["Parameter"]["Value"]
names = [p["Name"] for page in ssm.get_paginator("describe_parameters").paginate(PaginationConfig={"PageSize": 1}) for p in page["Parameters"]]
nodes = [n["InstanceId"] for page in ssm.get_paginator("describe_instance_information").paginate() for n in page["InstanceInformationList"]]
command = ssm.send_command(DocumentName="AWS-RunShellScript", InstanceIds=[nodes[0]], Parameters={"commands": ["echo boto3"]})["Command"]["CommandId"]
ssm.get_waiter("command_executed").wait(CommandId=command, InstanceId=nodes[0], WaiterConfig={"Delay": 1, "MaxAttempts": 120})
output = ssm.get_command_invocation(CommandId=command, InstanceId=nodes[0])["StandardOutputContent"]
try:
    ssm.get_parameter(Name="/boto3/none")
    error = None
except ssm.exceptions.ParameterNotFound as e:
    error = e.response["Error"]["Code"]
print(json.dumps({"value": value, "names": names, "nodes": len(nodes), "output": output, "error": error}))
`;
    if (!existsSync("/usr/bin/python3")) return;
    const { stdout } = await run("/usr/bin/python3", ["-c", script, t.endpoint, t.admin.accessKeyId, t.admin.secretAccessKey], {
      env: { PATH: "/usr/bin:/bin", HOME: "/nonexistent", AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null" },
    });
    const answer = JSON.parse(stdout) as { value: string; names: string[]; nodes: number; output: string; error: string };
    assert.equal(answer.value, "hello from boto3");
    assert.ok(answer.names.includes("/boto3/greeting") && answer.names.includes("/matrix/p2"), answer.names.join(", "));
    assert.equal(answer.nodes, 3);
    assert.equal(answer.output.trim(), "boto3");
    assert.equal(answer.error, "ParameterNotFound");
  });
});
