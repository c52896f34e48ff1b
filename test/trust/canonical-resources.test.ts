/**
 * @module A Deny on a resource holds whatever spelling a request uses for it (name, ARN, ARN without Region or
 * account, whitespace): requests are authorized on the canonical resource they will touch (decision 015).
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  AddTagsToResourceCommand,
  CreateActivationCommand,
  CreateAssociationBatchCommand,
  CreateAssociationCommand,
  CreateDocumentCommand,
  GetParametersByPathCommand,
  PutParameterCommand,
  SendCommandCommand,
  type SSMClient,
  UpdateAssociationCommand,
} from "@aws-sdk/client-ssm";
import { newUser } from "../kit/accounts.ts";
import { registerAgentProcess } from "../kit/agents.ts";
import { outcome } from "../kit/outcome.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

let t: TestServer;
let home: string;
let admin: SSMClient;
let narrow: SSMClient;
let allowedNode: string;
let deniedNode: string;

const scriptDocument = JSON.stringify({
  schemaVersion: "2.2",
  description: "reads a parameter",
  mainSteps: [{ name: "s", action: "aws:runShellScript", inputs: { runCommand: ["echo {{ssm:/app/denied}}"] } }],
});

before(async () => {
  t = await startTestServer();
  home = await mkdtemp(join(tmpdir(), "bosun-canonical-"));
  admin = t.ssm();
  const activation = await admin.send(new CreateActivationCommand({ IamRole: "SSMRole", RegistrationLimit: 2 }));
  allowedNode = await registerAgentProcess(t.endpoint, join(home, "a"), activation);
  deniedNode = await registerAgentProcess(t.endpoint, join(home, "b"), activation);
  await admin.send(
    new AddTagsToResourceCommand({ ResourceType: "ManagedInstance", ResourceId: deniedNode, Tags: [{ Key: "env", Value: "prod" }] }),
  );
  await admin.send(new CreateDocumentCommand({ Name: "ReadsDenied", DocumentType: "Command", Content: scriptDocument }));
  for (const [name, value] of [
    ["/app/denied", "plain-but-denied"],
    ["/app/open", "open-value"],
  ])
    await admin.send(new PutParameterCommand({ Name: name, Value: value, Type: "String" }));
  await admin.send(new PutParameterCommand({ Name: "/app/secret/db", Value: "canary-4711", Type: "SecureString" }));
  const arn = (kind: string) => `arn:aws:ssm:*:${t.accountId}:${kind}`;
  narrow = t.ssm(
    await newUser(t, "narrow", {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "ssm:*", Resource: "*" },
        {
          Effect: "Deny",
          Action: ["ssm:SendCommand", "ssm:CreateAssociation*", "ssm:UpdateAssociation"],
          Resource: arn("document/AWS-RunShellScript"),
        },
        { Effect: "Deny", Action: "ssm:*", Resource: arn(`managed-instance/${deniedNode}`) },
        { Effect: "Deny", Action: "ssm:GetParameter*", Resource: [arn("parameter/app/denied"), arn("parameter/app/secret*")] },
      ],
    }),
  );
});
after(async () => {
  await t?.close();
  await rm(home, { recursive: true, force: true });
});

const spellings = (name: string) => [
  name,
  `arn:aws:ssm:us-east-1:${t.accountId}:document/${name}`,
  `arn:aws:ssm:::document/${name}`,
  `arn:aws:ssm:us-east-1::document/${name}`,
  `arn:aws:ssm::${t.accountId}:document/${name}`,
];
const nowhere = { Key: "tag:none", Values: ["none"] };

describe("a Deny on a document", () => {
  it("holds for SendCommand through every spelling of its name", async () => {
    for (const DocumentName of spellings("AWS-RunShellScript"))
      assert.equal(
        await outcome(narrow.send(new SendCommandCommand({ DocumentName, Targets: [nowhere], Parameters: { commands: ["id"] } }))),
        "AccessDeniedException",
        DocumentName,
      );
    const allowed = await narrow.send(
      new SendCommandCommand({ DocumentName: "AWS-RunPowerShellScript", Targets: [nowhere], Parameters: { commands: ["id"] } }),
    );
    assert.ok(allowed.Command?.CommandId, "another document is not denied");
  });

  it("makes a document named by another Region's or account's ARN a document that does not exist", async () => {
    for (const DocumentName of [
      "arn:aws:ssm:eu-west-1::document/AWS-RunShellScript",
      "arn:aws:ssm:us-east-1:999999999999:document/AWS-RunShellScript",
      "arn:aws:ssm:us-east-1:999999999999:document/AWS-RunShellScript/x",
    ])
      assert.equal(
        await outcome(admin.send(new SendCommandCommand({ DocumentName, Targets: [nowhere], Parameters: { commands: ["id"] } }))),
        "InvalidDocument",
        DocumentName,
      );
  });

  it("holds for CreateAssociation and CreateAssociationBatch through every spelling", async () => {
    for (const Name of spellings("AWS-RunShellScript")) {
      const request = { Name, Targets: [{ Key: "InstanceIds", Values: [allowedNode] }], Parameters: { commands: ["id"] } };
      assert.equal(await outcome(narrow.send(new CreateAssociationCommand(request))), "AccessDeniedException", Name);
      assert.equal(await outcome(narrow.send(new CreateAssociationBatchCommand({ Entries: [request] }))), "AccessDeniedException", Name);
    }
  });

  it("holds when UpdateAssociation switches an association to it", async () => {
    const created = await narrow.send(
      new CreateAssociationCommand({
        Name: "AWS-RunPowerShellScript",
        Targets: [{ Key: "InstanceIds", Values: [allowedNode] }],
        Parameters: { commands: ["id"] },
        ScheduleExpression: "rate(1 day)",
        ApplyOnlyAtCronInterval: false,
      }),
    );
    const AssociationId = created.AssociationDescription?.AssociationId ?? "";
    for (const Name of spellings("AWS-RunShellScript"))
      assert.equal(await outcome(narrow.send(new UpdateAssociationCommand({ AssociationId, Name }))), "AccessDeniedException", Name);
    assert.equal(
      await outcome(narrow.send(new UpdateAssociationCommand({ AssociationId, Targets: [{ Key: "InstanceIds", Values: [deniedNode] }] }))),
      "AccessDeniedException",
      "targets switched to a denied node",
    );
    assert.equal(
      await outcome(narrow.send(new UpdateAssociationCommand({ AssociationId, Targets: [{ Key: "tag:env", Values: ["prod"] }] }))),
      "AccessDeniedException",
      "targets switched to a tag that matches a denied node",
    );
    assert.equal(
      await outcome(narrow.send(new UpdateAssociationCommand({ AssociationId, Name: "ReadsDenied", Parameters: {} }))),
      "AccessDeniedException",
      "a document that reads a denied parameter",
    );
    assert.equal(await outcome(narrow.send(new UpdateAssociationCommand({ AssociationId, MaxErrors: "1" }))), "none");
  });
});

describe("CreateAssociation", () => {
  it("authorizes the nodes its targets reach, as SendCommand does", async () => {
    const on = (Targets: { Key: string; Values: string[] }[]) =>
      narrow.send(new CreateAssociationCommand({ Name: "AWS-RunPowerShellScript", Targets, Parameters: { commands: ["id"] } }));
    assert.equal(await outcome(on([{ Key: "InstanceIds", Values: [deniedNode] }])), "AccessDeniedException");
    assert.equal(await outcome(on([{ Key: "tag:env", Values: ["prod"] }])), "AccessDeniedException");
    assert.equal(await outcome(on([{ Key: "InstanceIds", Values: ["*"] }])), "AccessDeniedException");
  });

  it("reads {{ssm:...}} references with the caller's permissions", async () => {
    const request = { Name: "ReadsDenied", Targets: [{ Key: "InstanceIds", Values: [allowedNode] }], AssociationName: "reads-denied" };
    assert.equal(await outcome(narrow.send(new CreateAssociationCommand(request))), "AccessDeniedException");
    assert.equal(await outcome(admin.send(new CreateAssociationCommand(request))), "none", "the admin may read it");
  });
});

describe("GetParametersByPath", () => {
  it("authorizes the path it queries, trimmed, and leaves out parameters a Deny covers", async () => {
    const read = async (Path: string, Recursive: boolean) =>
      ((await narrow.send(new GetParametersByPathCommand({ Path, Recursive, WithDecryption: true }))).Parameters ?? []).map((p) => [
        p.Name,
        p.Value,
      ]);
    assert.equal(await outcome(read(" /app/secret", true)), "AccessDeniedException");
    assert.equal(await outcome(read("/app/secret/", true)), "AccessDeniedException");
    for (const path of [" /", "/", " /app", "/app/"]) {
      const seen = JSON.stringify(await read(path, true));
      assert.ok(!seen.includes("canary-4711") && !seen.includes("plain-but-denied"), `${path}: ${seen}`);
      assert.ok(seen.includes("open-value"), `${path} still lists what is allowed: ${seen}`);
    }
  });
});
