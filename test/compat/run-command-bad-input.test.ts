/**
 * @module Bad input for every Run Command action: the model's error (naming the member where it is a validation
 * error), nothing stored, nothing sent; and one account never sees or reaches another's commands and nodes.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ApiClient } from "../../src/cli/api-client.ts";
import { newAccount, newUser } from "../kit/accounts.ts";
import { registerAgentProcess } from "../kit/agents.ts";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { tablesSnapshot } from "../kit/table-snapshot.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

let t: TestServer;
let api: ApiClient;
let work: string;
let node: string;
let commandId: string;

const shell = (name: string, commands: string[]) =>
  JSON.stringify({ schemaVersion: "2.2", mainSteps: [{ action: "aws:runShellScript", name, inputs: { runCommand: commands } }] });

before(async () => {
  t = await startTestServer();
  api = apiClient(t.endpoint, t.admin);
  work = await mkdtemp(join(tmpdir(), "bosun-rc-bad-"));
  const activation = await api.call<{ ActivationId: string; ActivationCode: string }>("AmazonSSM.CreateActivation", { IamRole: "R" });
  node = await registerAgentProcess(t.endpoint, join(work, "node"), activation);
  await api.call("AmazonSSM.CreateDocument", {
    Name: "ReadsMissing",
    DocumentType: "Command",
    Content: shell("s", ["echo {{ssm:/nope}}"]),
  });
  await api.call("AmazonSSM.PutParameter", { Name: "/secret", Value: "hush", Type: "SecureString" });
  await api.call("AmazonSSM.CreateDocument", {
    Name: "ReadsSecret",
    DocumentType: "Command",
    Content: shell("s", ["echo {{ssm:/secret}}"]),
  });
  await api.call("AmazonSSM.CreateDocument", {
    Name: "AShell",
    DocumentType: "Session",
    Content: JSON.stringify({ schemaVersion: "1.0", sessionType: "Standard_Stream", inputs: {} }),
  });
  // One command that exists (its node is offline), for the actions that read commands.
  const sent = await api.call<{ Command: { CommandId: string } }>("AmazonSSM.SendCommand", {
    DocumentName: "AWS-RunShellScript",
    InstanceIds: [node],
    Parameters: { commands: ["true"] },
  });
  commandId = sent.Command.CommandId;
  // Let the dispatcher settle (the node is away: Delayed) so the snapshots compare a still picture.
  await waitFor(async () => {
    const got = await api.call<{ StatusDetails: string }>("AmazonSSM.GetCommandInvocation", { CommandId: commandId, InstanceId: node });
    return got.StatusDetails === "Delayed";
  });
});
after(async () => {
  await t.close();
  await rm(work, { recursive: true, force: true });
});

const snapshot = () => tablesSnapshot(t, ["commands", "command_invocations"]);

type Case = [description: string, target: string, input: () => Record<string, unknown>, exception: string, mentions?: string];
const run = (extra: Record<string, unknown>) => ({
  DocumentName: "AWS-RunShellScript",
  InstanceIds: [node],
  Parameters: { commands: ["true"] },
  ...extra,
});
const unknownCommand = "00000000-0000-4000-8000-000000000000";
const absentNode = "mi-0123456789abcdef0";

const cases: Case[] = [
  ["SendCommand without DocumentName", "SendCommand", () => ({ InstanceIds: [node] }), "ValidationException", "'documentName'"],
  [
    "SendCommand with a 2-character DocumentName",
    "SendCommand",
    () => run({ DocumentName: "ab" }),
    "ValidationException",
    "'documentName'",
  ],
  ["SendCommand with neither InstanceIds nor Targets", "SendCommand", () => run({ InstanceIds: undefined }), "ValidationException"],
  [
    "SendCommand with InstanceIds and Targets",
    "SendCommand",
    () => run({ Targets: [{ Key: "tag:a", Values: ["b"] }] }),
    "ValidationException",
  ],
  [
    "SendCommand with a malformed instance id",
    "SendCommand",
    () => run({ InstanceIds: ["i-bad"] }),
    "ValidationException",
    "'instanceIds.1.member'",
  ],
  [
    "SendCommand with 51 instance ids",
    "SendCommand",
    () => run({ InstanceIds: Array(51).fill(node) }),
    "ValidationException",
    "'instanceIds'",
  ],
  ["SendCommand to a node that does not exist", "SendCommand", () => run({ InstanceIds: [absentNode] }), "InvalidInstanceId"],
  ["SendCommand with a node twice", "SendCommand", () => run({ InstanceIds: [node, node] }), "DuplicateInstanceId"],
  [
    "SendCommand with 6 targets",
    "SendCommand",
    () => run({ InstanceIds: undefined, Targets: Array(6).fill({ Key: "tag:a", Values: ["b"] }) }),
    "ValidationException",
    "'targets'",
  ],
  [
    "SendCommand to a resource group (Bosun has none: every group is unknown)",
    "SendCommand",
    () => run({ InstanceIds: undefined, Targets: [{ Key: "resource-groups:Name", Values: ["g"] }] }),
    "InvalidTarget",
  ],
  ["SendCommand with a document that does not exist", "SendCommand", () => run({ DocumentName: "Nope" }), "InvalidDocument"],
  ["SendCommand with a Session document", "SendCommand", () => run({ DocumentName: "AShell" }), "InvalidDocument"],
  ["SendCommand with a version the document lacks", "SendCommand", () => run({ DocumentVersion: "7" }), "InvalidDocumentVersion"],
  ["SendCommand with a malformed version", "SendCommand", () => run({ DocumentVersion: "v1" }), "ValidationException", "'documentVersion'"],
  ["SendCommand with a wrong document hash", "SendCommand", () => run({ DocumentHash: "0".repeat(64) }), "InvalidDocument"],
  ["SendCommand without the required commands", "SendCommand", () => run({ Parameters: {} }), "InvalidParameters"],
  [
    "SendCommand with an undeclared parameter",
    "SendCommand",
    () => run({ Parameters: { commands: ["true"], extra: ["x"] } }),
    "InvalidParameters",
  ],
  [
    "SendCommand with executionTimeout 4",
    "SendCommand",
    () => run({ Parameters: { commands: ["true"], executionTimeout: ["4"] } }),
    "InvalidParameters",
  ],
  [
    "SendCommand with Parameters of the wrong type",
    "SendCommand",
    () => run({ Parameters: { commands: "true" } }),
    "SerializationException",
  ],
  [
    "SendCommand referencing a missing parameter",
    "SendCommand",
    () => run({ DocumentName: "ReadsMissing", Parameters: {} }),
    "InvalidParameters",
  ],
  ["SendCommand embedding a SecureString", "SendCommand", () => run({ DocumentName: "ReadsSecret", Parameters: {} }), "InvalidParameters"],
  ["SendCommand with TimeoutSeconds 29", "SendCommand", () => run({ TimeoutSeconds: 29 }), "ValidationException", "'timeoutSeconds'"],
  ["SendCommand with a 101-character Comment", "SendCommand", () => run({ Comment: "c".repeat(101) }), "ValidationException", "'comment'"],
  ["SendCommand with MaxConcurrency 0", "SendCommand", () => run({ MaxConcurrency: "0" }), "ValidationException", "'maxConcurrency'"],
  ["SendCommand with MaxErrors 101%", "SendCommand", () => run({ MaxErrors: "101%" }), "ValidationException", "'maxErrors'"],
  ["SendCommand with a bucket name S3 would refuse", "SendCommand", () => run({ OutputS3BucketName: "Bad_Bucket" }), "InvalidOutputFolder"],
  [
    "SendCommand with a key prefix leaving the bucket",
    "SendCommand",
    () => run({ OutputS3BucketName: "ok-bucket", OutputS3KeyPrefix: "a/../../etc" }),
    "InvalidOutputFolder",
  ],
  ["CancelCommand without CommandId", "CancelCommand", () => ({}), "ValidationException", "'commandId'"],
  ["CancelCommand with a short CommandId", "CancelCommand", () => ({ CommandId: "abc" }), "ValidationException", "'commandId'"],
  ["CancelCommand of a command that does not exist", "CancelCommand", () => ({ CommandId: unknownCommand }), "InvalidCommandId"],
  [
    "CancelCommand for a node the command was not sent to",
    "CancelCommand",
    () => ({ CommandId: commandId, InstanceIds: [absentNode] }),
    "InvalidInstanceId",
  ],
  [
    "CancelCommand naming a node twice",
    "CancelCommand",
    () => ({ CommandId: commandId, InstanceIds: [node, node] }),
    "DuplicateInstanceId",
  ],
  ["ListCommands with MaxResults 0", "ListCommands", () => ({ MaxResults: 0 }), "ValidationException", "'maxResults'"],
  ["ListCommands with an empty filter list", "ListCommands", () => ({ Filters: [] }), "ValidationException", "'filters'"],
  [
    "ListCommands with an unknown filter key",
    "ListCommands",
    () => ({ Filters: [{ key: "Owner", value: "x" }] }),
    "ValidationException",
    "'filters.1.member.key'",
  ],
  [
    "ListCommands with a time that is not one",
    "ListCommands",
    () => ({ Filters: [{ key: "InvokedAfter", value: "yesterday" }] }),
    "ValidationException",
  ],
  [
    "ListCommands with an unknown status",
    "ListCommands",
    () => ({ Filters: [{ key: "Status", value: "Sleeping" }] }),
    "ValidationException",
  ],
  ["ListCommands with a malformed InstanceId", "ListCommands", () => ({ InstanceId: "node-1" }), "ValidationException", "'instanceId'"],
  ["ListCommands with a forged NextToken", "ListCommands", () => ({ NextToken: "Zm9yZ2Vk" }), "InvalidNextToken"],
  [
    "ListCommandInvocations with ExecutionStage",
    "ListCommandInvocations",
    () => ({ Filters: [{ key: "ExecutionStage", value: "Complete" }] }),
    "InvalidFilterKey",
  ],
  [
    "ListCommandInvocations with MaxResults 51",
    "ListCommandInvocations",
    () => ({ MaxResults: 51 }),
    "ValidationException",
    "'maxResults'",
  ],
  ["ListCommandInvocations with Details as text", "ListCommandInvocations", () => ({ Details: "yes" }), "SerializationException"],
  [
    "GetCommandInvocation without InstanceId",
    "GetCommandInvocation",
    () => ({ CommandId: commandId }),
    "ValidationException",
    "'instanceId'",
  ],
  [
    "GetCommandInvocation of a command that does not exist",
    "GetCommandInvocation",
    () => ({ CommandId: unknownCommand, InstanceId: node }),
    "InvocationDoesNotExist",
  ],
  [
    "GetCommandInvocation for a node not targeted",
    "GetCommandInvocation",
    () => ({ CommandId: commandId, InstanceId: absentNode }),
    "InvocationDoesNotExist",
  ],
  [
    "GetCommandInvocation with a step that does not exist",
    "GetCommandInvocation",
    () => ({ CommandId: commandId, InstanceId: node, PluginName: "nope" }),
    "InvalidPluginName",
  ],
  [
    "GetCommandInvocation with a 3-character PluginName",
    "GetCommandInvocation",
    () => ({ CommandId: commandId, InstanceId: node, PluginName: "abc" }),
    "ValidationException",
    "'pluginName'",
  ],
];

describe("Run Command with bad input", () => {
  it("answers each bad request with the model's error and stores nothing", async () => {
    const before = await snapshot();
    for (const [description, target, input, exception, mentions] of cases) {
      const error = await expectApiError(api.call(`AmazonSSM.${target}`, input()));
      assert.equal(error.exception, exception, `${description}: ${error.message}`);
      assert.notEqual(error.status, 500, description);
      if (mentions) assert.ok(error.message.includes(mentions), `${description}: "${error.message}" should mention ${mentions}`);
    }
    assert.equal(await snapshot(), before);
  });

  it("never shows one account's commands to another, nor lets it reach the other's nodes", async () => {
    const other = apiClient(t.endpoint, (await newAccount(t, "other")).admin);
    const listed = await other.call<{ Commands: unknown[] }>("AmazonSSM.ListCommands", {});
    assert.deepEqual(listed.Commands, []);
    const invocations = await other.call<{ CommandInvocations: unknown[] }>("AmazonSSM.ListCommandInvocations", { CommandId: commandId });
    assert.deepEqual(invocations.CommandInvocations, []);
    assert.equal(
      (await expectApiError(other.call("AmazonSSM.GetCommandInvocation", { CommandId: commandId, InstanceId: node }))).exception,
      "InvocationDoesNotExist",
    );
    assert.equal((await expectApiError(other.call("AmazonSSM.CancelCommand", { CommandId: commandId }))).exception, "InvalidCommandId");
    assert.equal((await expectApiError(other.call("AmazonSSM.SendCommand", run({})))).exception, "InvalidInstanceId");
  });

  it("needs permission on each node a tag reaches and on each parameter a document reads", async () => {
    await api.call("AmazonSSM.AddTagsToResource", {
      ResourceType: "ManagedInstance",
      ResourceId: node,
      Tags: [{ Key: "team", Value: "a" }],
    });
    const limited = apiClient(
      t.endpoint,
      await newUser(t, "runner", {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: "ssm:SendCommand", Resource: "*" },
          { Effect: "Deny", Action: "ssm:SendCommand", Resource: `arn:aws:ssm:us-east-1:${t.accountId}:managed-instance/${node}` },
        ],
      }),
    );
    const byTag = await expectApiError(
      limited.call("AmazonSSM.SendCommand", run({ InstanceIds: undefined, Targets: [{ Key: "tag:team", Values: ["a"] }] })),
    );
    assert.equal(byTag.exception, "AccessDeniedException");
    await api.call("AmazonSSM.PutParameter", { Name: "/plain", Value: "v", Type: "String" });
    await api.call("AmazonSSM.CreateDocument", {
      Name: "ReadsPlain",
      DocumentType: "Command",
      Content: shell("s", ["echo {{ssm:/plain}}"]),
    });
    const reader = apiClient(
      t.endpoint,
      await newUser(t, "no-params", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ssm:SendCommand", Resource: "*" }] }),
    );
    const denied = await expectApiError(reader.call("AmazonSSM.SendCommand", run({ DocumentName: "ReadsPlain", Parameters: {} })));
    assert.equal(denied.exception, "AccessDeniedException");
    assert.ok(denied.message.includes("ssm:GetParameters"));
  });
});
