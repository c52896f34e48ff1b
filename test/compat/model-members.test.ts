/**
 * @module Never accept and ignore (issue 17.7). For every member of every SSM action Bosun implements, the service
 * model is walked: the member is either used — some test sends it and looks at its effect — or refused, on the list
 * below, each sent here and answered with its error, and named in the README's "Refused, not ignored" list. The
 * members whose effect had no test elsewhere are shown here.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  CancelCommandCommand,
  CreateActivationCommand,
  CreateAssociationCommand,
  CreateDocumentCommand,
  DescribeAssociationCommand,
  DescribeDocumentCommand,
  GetDocumentCommand,
  ListCommandsCommand,
  SendCommandCommand,
  type SSMClient,
  UpdateAssociationCommand,
  UpdateDocumentCommand,
} from "@aws-sdk/client-ssm";
import { registerAgentProcess } from "../kit/agents.ts";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { testSources } from "../kit/test-sources.ts";

const modelPath = new URL("../../docs/reference/aws-models/ssm.service-2.json", import.meta.url);
let t: TestServer;
let ssm: SSMClient;
let folder = "";
let node = "";
let associationId = "";

/** What each refused member is sent with, and the error it gets. `base` is a valid request of the action. */
const refusals: { member: string; action: string; input: (ids: { node: string; association: string }) => object; error: string }[] = [
  {
    member: "CreateActivation.RegistrationMetadata",
    action: "CreateActivation",
    input: () => ({ IamRole: "R", RegistrationMetadata: [{ Key: "k", Value: "v" }] }),
    error: "ValidationException",
  },
  ...["CreateAssociation", "UpdateAssociation"].flatMap((action) =>
    (
      [
        ["AutomationTargetParameterName", "InstanceId"],
        ["CalendarNames", ["calendar"]],
        ["TargetLocations", [{ Accounts: ["111122223333"], Regions: ["us-east-1"] }]],
        ["AlarmConfiguration", { Alarms: [{ Name: "alarm" }] }],
        ["AssociationDispatchAssumeRole", "arn:aws:iam::111122223333:role/dispatch"],
        ["Duration", 2],
      ] as const
    ).map(([member, value]) => ({
      member: `${action}.${member}`,
      action,
      input: (ids: { node: string; association: string }) => ({
        ...(action === "UpdateAssociation" ? { AssociationId: ids.association } : {}),
        Name: "AWS-RunShellScript",
        Targets: [{ Key: "InstanceIds", Values: [ids.node] }],
        Parameters: { commands: ["true"] },
        ...(member === "Duration" ? { ScheduleExpression: "cron(0 3 ? * SUN *)", ApplyOnlyAtCronInterval: true } : {}),
        [member]: value,
      }),
      error: "ValidationException",
    })),
  ),
  {
    member: "CreateAssociationBatch.AssociationDispatchAssumeRole",
    action: "CreateAssociationBatch",
    input: (ids) => ({
      Entries: [{ Name: "AWS-RunShellScript", Targets: [{ Key: "InstanceIds", Values: [ids.node] }], Parameters: { commands: ["true"] } }],
      AssociationDispatchAssumeRole: "arn:aws:iam::111122223333:role/dispatch",
    }),
    error: "ValidationException",
  },
  ...["CreateDocument", "UpdateDocument"].map((action) => ({
    member: `${action}.Attachments`,
    action,
    input: () => ({
      Name: "Members-Doc",
      Content: content("attached"),
      Attachments: [{ Key: "SourceUrl", Values: ["https://example.com/a.zip"] }],
    }),
    error: "ValidationException",
  })),
  {
    member: "CreateDocument.Requires",
    action: "CreateDocument",
    input: () => ({ Name: "Members-Requires", Content: content("x"), Requires: [{ Name: "AppConfigSchema" }] }),
    error: "ValidationException",
  },
  {
    member: "SendCommand.NotificationConfig",
    action: "SendCommand",
    input: (ids) => ({ ...run(ids), NotificationConfig: { NotificationArn: "arn:aws:sns:us-east-1:111122223333:topic" } }),
    error: "InvalidNotificationConfig",
  },
  {
    member: "SendCommand.CloudWatchOutputConfig",
    action: "SendCommand",
    input: (ids) => ({ ...run(ids), CloudWatchOutputConfig: { CloudWatchOutputEnabled: true } }),
    error: "ValidationException",
  },
  {
    member: "SendCommand.AlarmConfiguration",
    action: "SendCommand",
    input: (ids) => ({ ...run(ids), AlarmConfiguration: { Alarms: [{ Name: "alarm" }] } }),
    error: "ValidationException",
  },
  {
    member: "ListAssociations.AssociationFilterList (ResourceGroupName, CloudConnectorId)",
    action: "ListAssociations",
    input: () => ({ AssociationFilterList: [{ key: "ResourceGroupName", value: "web" }] }),
    error: "ValidationException",
  },
  {
    member: "SendCommand.Targets (resource-groups:Name, resource-groups:ResourceTypeFilters)",
    action: "SendCommand",
    input: () => ({
      DocumentName: "AWS-RunShellScript",
      Targets: [{ Key: "resource-groups:Name", Values: ["web"] }],
      Parameters: { commands: ["true"] },
    }),
    error: "InvalidTarget",
  },
  { member: "DescribeParameters.Shared", action: "DescribeParameters", input: () => ({ Shared: true }), error: "ValidationException" },
];

function content(line: string) {
  return JSON.stringify({
    schemaVersion: "2.2",
    mainSteps: [{ action: "aws:runShellScript", name: "run", inputs: { runCommand: [`echo ${line}`] } }],
  });
}
const run = (ids: { node: string }) => ({
  DocumentName: "AWS-RunShellScript",
  InstanceIds: [ids.node],
  Parameters: { commands: ["true"] },
});

before(async () => {
  t = await startTestServer();
  ssm = t.ssm();
  folder = await mkdtemp(join(tmpdir(), "bosun-members-"));
  const activation = await ssm.send(new CreateActivationCommand({ IamRole: "R", RegistrationLimit: 1 }));
  node = await registerAgentProcess(t.endpoint, folder, activation);
  const created = await ssm.send(
    new CreateAssociationCommand({
      Name: "AWS-RunShellScript",
      Targets: [{ Key: "InstanceIds", Values: [node] }],
      Parameters: { commands: ["true"] },
    }),
  );
  associationId = created.AssociationDescription?.AssociationId ?? "";
  await ssm.send(new CreateDocumentCommand({ Name: "Members-Doc", Content: content("one") }));
});
after(async () => {
  ssm?.destroy();
  await t?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe("every member of every implemented action is used or refused", () => {
  it("walks the model: each member is sent by some test, or is on the refusal list", async () => {
    const model = JSON.parse(await readFile(modelPath, "utf8")) as {
      operations: Record<string, { input: { shape: string } }>;
      shapes: Record<string, { members?: Record<string, unknown> }>;
    };
    const implemented = t.server.actions.filter((a) => a.target === "AmazonSSM").map((a) => a.name);
    // This file's refusal list does not count as a test that sends a member; its own effect tests (below) do.
    const sources = await testSources();
    const own = await readFile(new URL(import.meta.url), "utf8");
    const effects = own.slice(own.lastIndexOf('describe("members whose effect is shown here"'));
    const tests = [...sources.filter((f) => !f.path.endsWith("model-members.test.ts")).map((f) => f.text), effects].join("\n");
    const kebab = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
    const refused = new Set(refusals.map((r) => r.member));
    const neither: string[] = [];
    for (const action of implemented) {
      const shape = model.shapes[model.operations[action]?.input.shape ?? ""];
      for (const member of Object.keys(shape?.members ?? {})) {
        const name = `${action}.${member}`;
        const sent = tests.includes(`${member}:`) || tests.includes(`"${member}"`) || tests.includes(`--${kebab(member)}`);
        if (!sent && !refused.has(name)) neither.push(name);
      }
    }
    assert.deepEqual(neither, [], "a member no test sends and no refusal names");
  });

  for (const refusal of refusals)
    it(`refuses ${refusal.member} with ${refusal.error}`, async () => {
      const error = await expectApiError(
        apiClient(t.endpoint, t.admin).call(`AmazonSSM.${refusal.action}`, refusal.input({ node, association: associationId })),
      );
      assert.equal(error.exception, refusal.error, error.message);
    });

  it("names every action the server answers in the README's table of actions by capability", async () => {
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    const start = readme.indexOf("### Actions by capability");
    const table = readme.slice(start, readme.indexOf("### Refused, not ignored"));
    assert.ok(start > 0, "the README has the table");
    const missing = t.server.actions.map((a) => a.name).filter((name) => !new RegExp(`\\b${name}\\b`).test(table));
    assert.deepEqual(missing, []);
  });

  it("names every refusal in the README", async () => {
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("### Refused, not ignored"));
    assert.ok(section.length > 0, "the README has the section");
    // Each refusal's action and member are named there (grouped by action, so not always as Action.Member).
    for (const refusal of refusals) {
      const [action = "", member = ""] = (refusal.member.split(" ")[0] ?? "").split(".");
      assert.ok(section.includes(action) && section.includes(member), refusal.member);
    }
  });
});

describe("members whose effect is shown here", () => {
  it("CreateDocument and UpdateDocument keep DisplayName and TargetType", async () => {
    await ssm.send(
      new CreateDocumentCommand({
        Name: "Members-Target",
        Content: content("t"),
        DisplayName: "Members target",
        TargetType: "/AWS::EC2::Instance",
      }),
    );
    let described = (await ssm.send(new DescribeDocumentCommand({ Name: "Members-Target" }))).Document;
    assert.deepEqual([described?.DisplayName, described?.TargetType], ["Members target", "/AWS::EC2::Instance"]);
    await ssm.send(
      new UpdateDocumentCommand({
        Name: "Members-Target",
        Content: content("t2"),
        DocumentVersion: "$LATEST",
        DisplayName: "Renamed",
        TargetType: "/",
      }),
    );
    described = (await ssm.send(new DescribeDocumentCommand({ Name: "Members-Target", DocumentVersion: "2" }))).Document;
    assert.deepEqual([described?.DisplayName, described?.TargetType], ["Renamed", "/"]);
  });

  it("SendCommand checks a Sha1 DocumentHash, and records ServiceRoleArn and OutputS3Region", async () => {
    const document = await ssm.send(new GetDocumentCommand({ Name: "Members-Doc" }));
    const sha1 = createHash("sha1")
      .update(document.Content ?? "")
      .digest("hex");
    const sent = await ssm.send(
      new SendCommandCommand({
        DocumentName: "Members-Doc",
        InstanceIds: [node],
        DocumentHash: sha1,
        DocumentHashType: "Sha1",
        ServiceRoleArn: "arn:aws:iam::111122223333:role/notify",
        OutputS3BucketName: "members-output",
        OutputS3Region: "eu-west-1",
      }),
    );
    const listed = (await ssm.send(new ListCommandsCommand({ CommandId: sent.Command?.CommandId }))).Commands?.[0];
    assert.deepEqual([listed?.ServiceRole, listed?.OutputS3Region], ["arn:aws:iam::111122223333:role/notify", "eu-west-1"]);
    await ssm.send(new CancelCommandCommand({ CommandId: sent.Command?.CommandId }));
    await assert.rejects(
      ssm.send(
        new SendCommandCommand({
          DocumentName: "Members-Doc",
          InstanceIds: [node],
          DocumentHash: "0".repeat(40),
          DocumentHashType: "Sha1",
        }),
      ),
      { name: "InvalidDocument" },
    );
  });

  it("associations record ComplianceSeverity and SyncCompliance (they feed compliance) and return them", async () => {
    await ssm.send(new UpdateAssociationCommand({ AssociationId: associationId, ComplianceSeverity: "HIGH", SyncCompliance: "MANUAL" }));
    const described = (await ssm.send(new DescribeAssociationCommand({ AssociationId: associationId }))).AssociationDescription;
    assert.deepEqual([described?.ComplianceSeverity, described?.SyncCompliance], ["HIGH", "MANUAL"]);
  });
});
