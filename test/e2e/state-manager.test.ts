/**
 * @module State Manager with real agents and a driven clock (no sleeping for schedules): an association runs at
 * creation, again when its rate comes due, on nodes that join a target later, after updates and on demand; per-node
 * status reaches DescribeInstanceInformation; one inventory association per node; bad input answered as SSM does.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  AddTagsToResourceCommand,
  CreateAssociationCommand,
  DeleteAssociationCommand,
  DescribeAssociationCommand,
  DescribeAssociationExecutionsCommand,
  DescribeAssociationExecutionTargetsCommand,
  DescribeEffectiveInstanceAssociationsCommand,
  DescribeInstanceAssociationsStatusCommand,
  DescribeInstanceInformationCommand,
  ListAssociationsCommand,
  ListAssociationVersionsCommand,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  ListComplianceItemsCommand,
  ListInventoryEntriesCommand,
  type SSMClient,
  StartAssociationsOnceCommand,
  UpdateAssociationCommand,
} from "@aws-sdk/client-ssm";
import type { ApiClient } from "../../src/cli/api-client.ts";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { awsCliMissing, awsSsm } from "../kit/aws-cli.ts";
import { type Fleet, runCount, startFleet } from "../kit/fleet.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

let t: TestServer;
let ssm: SSMClient;
let api: ApiClient;
let fleet: Fleet;
let offset = 0;
const clock = () => Date.now() + offset;

before(async () => {
  t = await startTestServer({ heartbeatIntervalMs: 500, sweepIntervalMs: 200, clock });
  ssm = t.ssm();
  api = apiClient(t.endpoint, t.admin);
  fleet = await startFleet(t, ssm, { a: { env: "prod" }, b: { env: "prod" }, c: { env: "dev" } });
});
after(async () => {
  await fleet?.stop();
  await t?.close();
});

const counter = (name: string) => join(fleet.scratch, `${name}-$AWS_SSM_INSTANCE_ID`);
const countOf = (name: string, node: string) => runCount(join(fleet.scratch, `${name}-${fleet.node(node).id}`));
const executions = async (id: string) =>
  (await ssm.send(new DescribeAssociationExecutionsCommand({ AssociationId: id }))).AssociationExecutions ?? [];

describe("State Manager", () => {
  let associationId = "";

  it("runs an association at creation on the nodes its tag targets, and reports per node", async () => {
    const created = await ssm.send(
      new CreateAssociationCommand({
        Name: "AWS-RunShellScript",
        AssociationName: "count-runs",
        Targets: [{ Key: "tag:env", Values: ["prod"] }],
        Parameters: { commands: [`echo ran >> ${counter("rate")}`] },
        ScheduleExpression: "rate(30 minutes)",
      }),
    );
    associationId = created.AssociationDescription?.AssociationId ?? "";
    assert.equal(created.AssociationDescription?.AssociationVersion, "1");
    await waitFor(async () => (await countOf("rate", "a")) === 1 && (await countOf("rate", "b")) === 1, 20_000);
    assert.equal(await countOf("rate", "c"), 0);
    await waitFor(async () => (await executions(associationId))[0]?.Status === "Success", 20_000);
    const [execution] = await executions(associationId);
    assert.equal(execution?.ResourceCountByStatus, "{Success=2}", "counted as SSM prints them");
    const targets = await ssm.send(
      new DescribeAssociationExecutionTargetsCommand({ AssociationId: associationId, ExecutionId: execution?.ExecutionId }),
    );
    assert.deepEqual(
      targets.AssociationExecutionTargets?.map((x) => [x.ResourceId, x.Status]).sort(),
      [
        [fleet.node("a").id, "Success"],
        [fleet.node("b").id, "Success"],
      ].sort(),
    );
    const status = await ssm.send(new DescribeInstanceAssociationsStatusCommand({ InstanceId: fleet.node("a").id }));
    assert.equal(status.InstanceAssociationStatusInfos?.[0]?.Status, "Success");
    assert.equal(status.InstanceAssociationStatusInfos?.[0]?.AssociationName, "count-runs");
    const described = await ssm.send(new DescribeAssociationCommand({ AssociationId: associationId }));
    assert.equal(described.AssociationDescription?.Overview?.Status, "Success");
    assert.deepEqual(described.AssociationDescription?.Overview?.AssociationStatusAggregatedCount, { Success: 2 });
    const info = await ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: "AssociationStatus", Values: ["Success"] }] }));
    assert.deepEqual(info.InstanceInformationList?.map((i) => i.InstanceId).sort(), [fleet.node("a").id, fleet.node("b").id].sort());
    assert.equal(info.InstanceInformationList?.[0]?.AssociationOverview?.DetailedStatus, "Success");
    const effective = await ssm.send(new DescribeEffectiveInstanceAssociationsCommand({ InstanceId: fleet.node("a").id }));
    assert.equal(effective.Associations?.[0]?.AssociationId, associationId);
    // The execution's output source is a command that Run Command's own actions find, by id and in its history.
    const commandId = targets.AssociationExecutionTargets?.[0]?.OutputSource?.OutputSourceId;
    const byId = await ssm.send(new ListCommandsCommand({ CommandId: commandId }));
    assert.equal(byId.Commands?.[0]?.Comment, `association ${associationId} version 1`);
    const history = await ssm.send(new ListCommandsCommand({}));
    assert.deepEqual(
      history.Commands?.map((c) => c.CommandId),
      [commandId],
    );
    const invocations = await ssm.send(new ListCommandInvocationsCommand({ CommandId: commandId }));
    assert.equal(invocations.CommandInvocations?.length, 2);
  });

  it("runs again when the rate comes due (the clock is driven), and on a node tagged later", async () => {
    offset += 31 * 60_000;
    await waitFor(async () => (await countOf("rate", "a")) === 2 && (await countOf("rate", "b")) === 2, 20_000);
    assert.equal((await executions(associationId)).length, 2);
    await ssm.send(
      new AddTagsToResourceCommand({
        ResourceType: "ManagedInstance",
        ResourceId: fleet.node("c").id,
        Tags: [{ Key: "env", Value: "prod" }],
      }),
    );
    await waitFor(async () => (await countOf("rate", "c")) === 1, 20_000);
    assert.equal(await countOf("rate", "a"), 2, "the nodes already reached are not run again for a newcomer");
  });

  it("makes a new version on each update, runs it, and keeps the history", async () => {
    const updated = await ssm.send(
      new UpdateAssociationCommand({
        AssociationId: associationId,
        Parameters: { commands: [`echo v2 >> ${counter("v2")}`] },
        AssociationVersion: "1",
      }),
    );
    assert.equal(updated.AssociationDescription?.AssociationVersion, "2");
    await waitFor(async () => (await countOf("v2", "a")) === 1, 20_000);
    const versions = await ssm.send(new ListAssociationVersionsCommand({ AssociationId: associationId }));
    assert.deepEqual(
      versions.AssociationVersions?.map((v) => v.AssociationVersion),
      ["2", "1"],
    );
    const first = await ssm.send(new DescribeAssociationCommand({ AssociationId: associationId, AssociationVersion: "1" }));
    assert.match(first.AssociationDescription?.Parameters?.commands?.[0] ?? "", /rate-/);
    const stale = await expectApiError(
      api.call("AmazonSSM.UpdateAssociation", { AssociationId: associationId, AssociationVersion: "1", MaxErrors: "1" }),
    );
    assert.equal(stale.exception, "InvalidAssociationVersion");
    await ssm.send(new StartAssociationsOnceCommand({ AssociationIds: [associationId] }));
    await waitFor(async () => (await countOf("v2", "a")) === 2, 20_000);
    const listed = await ssm.send(
      new ListAssociationsCommand({ AssociationFilterList: [{ key: "AssociationName", value: "count-runs" }] }),
    );
    assert.equal(listed.Associations?.length, 1);
  });

  it("waits for the cron interval when ApplyOnlyAtCronInterval is set", async () => {
    const created = await ssm.send(
      new CreateAssociationCommand({
        Name: "AWS-RunShellScript",
        Targets: [{ Key: "tag:env", Values: ["dev"] }],
        Parameters: { commands: ["true"] },
        ScheduleExpression: "cron(0 3 ? * * *)",
        ApplyOnlyAtCronInterval: true,
      }),
    );
    const id = created.AssociationDescription?.AssociationId ?? "";
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.deepEqual(await executions(id), []);
    assert.equal(created.AssociationDescription?.Overview?.Status, "Pending");
    await ssm.send(new DeleteAssociationCommand({ AssociationId: id }));
    assert.equal(
      (await expectApiError(api.call("AmazonSSM.DescribeAssociation", { AssociationId: id }))).exception,
      "AssociationDoesNotExist",
    );
  });

  it("gathers inventory through an association on every node, one inventory association per node", async () => {
    const first = await ssm.send(
      new CreateAssociationCommand({
        Name: "AWS-GatherSoftwareInventory",
        Targets: [{ Key: "InstanceIds", Values: ["*"] }],
        Parameters: { unpackagedSoftware: ["Disabled"] },
        ScheduleExpression: "rate(1 day)",
      }),
    );
    const firstId = first.AssociationDescription?.AssociationId ?? "";
    await waitFor(async () => (await executions(firstId))[0]?.Status === "Success", 60_000);
    const apps = await ssm.send(new ListInventoryEntriesCommand({ InstanceId: fleet.node("b").id, TypeName: "AWS:AWSComponent" }));
    assert.equal(apps.Entries?.[0]?.Name, "bosun-agent");
    const second = await ssm.send(
      new CreateAssociationCommand({
        Name: "AWS-GatherSoftwareInventory",
        Targets: [{ Key: "tag:env", Values: ["prod"] }],
        ScheduleExpression: "rate(1 day)",
      }),
    );
    const [execution] = await executions(second.AssociationDescription?.AssociationId ?? "");
    const targets = await ssm.send(
      new DescribeAssociationExecutionTargetsCommand({
        AssociationId: second.AssociationDescription?.AssociationId,
        ExecutionId: execution?.ExecutionId,
      }),
    );
    assert.deepEqual(targets.AssociationExecutionTargets, [], "every node already has an inventory association");
  });

  it("answers bad input with SSM's errors", async () => {
    const create = (input: Record<string, unknown>) =>
      expectApiError(
        api.call("AmazonSSM.CreateAssociation", {
          Name: "AWS-RunShellScript",
          Targets: [{ Key: "tag:env", Values: ["x"] }],
          Parameters: { commands: ["true"] },
          ...input,
        }),
      );
    assert.equal((await create({ ScheduleExpression: "rate(5 minutes)" })).exception, "InvalidSchedule");
    assert.equal((await create({ ScheduleExpression: "cron(0 2 * * * *)" })).exception, "InvalidSchedule");
    assert.equal((await create({ ScheduleExpression: "every day" })).exception, "InvalidSchedule");
    assert.equal((await create({ Name: "NoSuchDocument" })).exception, "InvalidDocument");
    assert.equal((await create({ Parameters: {} })).exception, "InvalidParameters");
    assert.equal((await create({ Targets: [] })).exception, "InvalidTarget");
    assert.equal((await create({ Targets: [{ Key: "resource-groups:Name", Values: ["g"] }] })).exception, "InvalidTarget");
    assert.equal((await create({ TargetMaps: [{ a: ["b"] }] })).exception, "ValidationException");
    assert.equal((await create({ ScheduleExpression: "rate(1 day)", ApplyOnlyAtCronInterval: true })).exception, "ValidationException");
    assert.equal((await create({ ScheduleExpression: "rate(1 day)", ScheduleOffset: 2 })).exception, "ValidationException");
    assert.equal((await create({ MaxErrors: "101%" })).exception, "ValidationException");
    assert.equal((await create({ AssociationName: "no spaces allowed" })).exception, "ValidationException");
    assert.equal(
      (await create({ OutputLocation: { S3Location: { OutputS3BucketName: "Bad_Bucket" } } })).exception,
      "InvalidOutputLocation",
    );
    await api.call("AmazonSSM.CreateAssociation", {
      Name: "AWS-RunShellScript",
      Targets: [{ Key: "tag:env", Values: ["x"] }],
      Parameters: { commands: ["true"] },
    });
    assert.equal((await create({})).exception, "AssociationAlreadyExists");
    const unknown = "00000000-0000-4000-8000-000000000000";
    assert.equal(
      (await expectApiError(api.call("AmazonSSM.StartAssociationsOnce", { AssociationIds: [unknown] }))).exception,
      "InvalidAssociation",
    );
    assert.equal(
      (await expectApiError(api.call("AmazonSSM.UpdateAssociation", { AssociationId: unknown }))).exception,
      "AssociationDoesNotExist",
    );
    assert.equal(
      (await expectApiError(api.call("AmazonSSM.DeleteAssociation", { AssociationId: unknown }))).exception,
      "AssociationDoesNotExist",
    );
    assert.equal(
      (await expectApiError(api.call("AmazonSSM.ListAssociationVersions", { AssociationId: unknown }))).exception,
      "AssociationDoesNotExist",
    );
    assert.equal(
      (
        await expectApiError(
          api.call("AmazonSSM.DescribeAssociationExecutionTargets", { AssociationId: associationId, ExecutionId: unknown }),
        )
      ).exception,
      "AssociationExecutionDoesNotExist",
    );
    assert.equal(
      (await expectApiError(api.call("AmazonSSM.DescribeInstanceAssociationsStatus", { InstanceId: "mi-0123456789abcdef0" }))).exception,
      "InvalidInstanceId",
    );
    assert.equal(
      (await expectApiError(api.call("AmazonSSM.DescribeEffectiveInstanceAssociations", { InstanceId: fleet.node("a").id, MaxResults: 6 })))
        .exception,
      "ValidationException",
    );
    const batch = await api.call<{ Successful: unknown[]; Failed: { Message: string }[] }>("AmazonSSM.CreateAssociationBatch", {
      Entries: [
        { Name: "AWS-RunShellScript", Targets: [{ Key: "tag:env", Values: ["batch"] }], Parameters: { commands: ["true"] } },
        {
          Name: "AWS-RunShellScript",
          Targets: [{ Key: "tag:env", Values: ["batch2"] }],
          Parameters: { commands: ["true"] },
          ScheduleExpression: "rate(1 minute)",
        },
      ],
    });
    assert.equal(batch.Successful.length, 1);
    assert.match(batch.Failed[0]?.Message ?? "", /^InvalidSchedule/);
  });

  it("works from the AWS CLI v2: create-association and list-associations", { skip: awsCliMissing() }, async () => {
    const created = await awsSsm(
      t,
      fleet.scratch,
      "create-association",
      "--name",
      "AWS-RunShellScript",
      "--targets",
      "Key=tag:env,Values=cli",
      "--parameters",
      'commands=["true"]',
      "--schedule-expression",
      "rate(1 day)",
      "--association-name",
      "from-cli",
    );
    const id = (created.AssociationDescription as { AssociationId: string }).AssociationId;
    const listed = (await awsSsm(t, fleet.scratch, "list-associations", "--association-filter-list", "key=AssociationName,value=from-cli"))
      .Associations as { AssociationId: string }[];
    assert.deepEqual(
      listed.map((a) => a.AssociationId),
      [id],
    );
  });

  it("records each association's last run on a node as Association compliance, at its ComplianceSeverity, unless SyncCompliance is MANUAL", async () => {
    const create = async (name: string, command: string, extra: Record<string, string>) =>
      (
        await ssm.send(
          new CreateAssociationCommand({
            Name: "AWS-RunShellScript",
            AssociationName: name,
            // Node c by id: an earlier case tagged it prod.
            Targets: [{ Key: "InstanceIds", Values: [fleet.node("c").id] }],
            Parameters: { commands: [command] },
            ...extra,
          }),
        )
      ).AssociationDescription?.AssociationId ?? "";
    const failing = await create("compliance-failing", "exit 3", { ComplianceSeverity: "HIGH" });
    const passing = await create("compliance-passing", "true", { ComplianceSeverity: "LOW" });
    const manual = await create("compliance-manual", "true", { SyncCompliance: "MANUAL" });
    for (const id of [failing, passing, manual])
      await waitFor(async () => ["Success", "Failed"].includes((await executions(id))[0]?.Status ?? ""), 20_000);
    const items = async () =>
      (
        await ssm.send(
          new ListComplianceItemsCommand({
            ResourceIds: [fleet.node("c").id],
            // The node's other associations (earlier cases) have items too: these three are looked at.
            Filters: [
              { Key: "ComplianceType", Values: ["Association"] },
              { Key: "Id", Values: [failing, passing, manual] },
            ],
            MaxResults: 50,
          }),
        )
      ).ComplianceItems ?? [];
    const mine = items;
    await waitFor(async () => (await mine()).length >= 2, 20_000);
    assert.deepEqual(
      (await mine()).map((i) => [i.Id, i.Title, i.Status, i.Severity]).sort(),
      [
        [failing, "compliance-failing", "NON_COMPLIANT", "HIGH"],
        [passing, "compliance-passing", "COMPLIANT", "LOW"],
      ].sort(),
      "the MANUAL association wrote nothing",
    );
  });
});
