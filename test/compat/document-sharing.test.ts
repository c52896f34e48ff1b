/**
 * @module Document sharing (ModifyDocumentPermission, DescribeDocumentPermission) between real accounts: one account
 * writes a runbook and shares it; the other finds it in ListDocuments, reads it and runs it by ARN under its own
 * policy, at the version the share allows; an unshared document does not exist for it. The model's limits and errors.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  CancelCommandCommand,
  CreateActivationCommand,
  CreateDocumentCommand,
  DeleteDocumentCommand,
  DescribeDocumentCommand,
  DescribeDocumentPermissionCommand,
  GetDocumentCommand,
  ListDocumentsCommand,
  ModifyDocumentPermissionCommand,
  SendCommandCommand,
  type SSMClient,
  UpdateDocumentCommand,
} from "@aws-sdk/client-ssm";
import { newAccount } from "../kit/accounts.ts";
import { registerAgentProcess } from "../kit/agents.ts";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

let t: TestServer;
let owner: SSMClient;
let other: SSMClient;
let otherAccount = "";
let third: SSMClient;
let folder = "";

const runbook = (line: string) =>
  JSON.stringify({
    schemaVersion: "2.2",
    description: "The organization's runbook.",
    mainSteps: [{ action: "aws:runShellScript", name: "run", inputs: { runCommand: [line] } }],
  });

before(async () => {
  t = await startTestServer();
  owner = t.ssm();
  const b = await newAccount(t, "sharing-b");
  otherAccount = b.accountId;
  other = t.ssm(b.admin);
  third = t.ssm((await newAccount(t, "sharing-c")).admin);
  folder = await mkdtemp(join(tmpdir(), "bosun-sharing-"));
  await owner.send(new CreateDocumentCommand({ Name: "Runbook", Content: runbook("echo v1") }));
  await owner.send(new UpdateDocumentCommand({ Name: "Runbook", Content: runbook("echo v2"), DocumentVersion: "$LATEST" }));
});
after(async () => {
  await t?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const arn = () => `arn:aws:ssm:us-east-1:${t.accountId}:document/Runbook`;

describe("document sharing", () => {
  it("shares a document with an account, which lists, reads and runs it by ARN at the shared version", async () => {
    await assert.rejects(other.send(new DescribeDocumentCommand({ Name: arn() })), {
      name: "InvalidDocument",
      message: "The specified document does not exist.",
    });
    await owner.send(new ModifyDocumentPermissionCommand({ Name: "Runbook", PermissionType: "Share", AccountIdsToAdd: [otherAccount] }));
    const described = await owner.send(new DescribeDocumentPermissionCommand({ Name: "Runbook", PermissionType: "Share" }));
    assert.deepEqual(described.AccountIds, [otherAccount]);
    assert.deepEqual(described.AccountSharingInfoList, [{ AccountId: otherAccount, SharedDocumentVersion: "$DEFAULT" }]);

    const shared = await other.send(new ListDocumentsCommand({ Filters: [{ Key: "Owner", Values: ["Private"] }] }));
    assert.deepEqual(
      shared.DocumentIdentifiers?.map((d) => [d.Name, d.Owner, d.DocumentVersion]),
      [["Runbook", t.accountId, "1"]],
    );
    const own = await other.send(new ListDocumentsCommand({ Filters: [{ Key: "Owner", Values: ["Self"] }] }));
    assert.deepEqual(own.DocumentIdentifiers, [], "a shared document is not the account's own");
    // $DEFAULT: the owner's default version (1), and no other.
    const content = await other.send(new GetDocumentCommand({ Name: arn() }));
    assert.match(content.Content ?? "", /echo v1/);
    await assert.rejects(other.send(new GetDocumentCommand({ Name: arn(), DocumentVersion: "2" })), { name: "InvalidDocumentVersion" });
    // A third account was not given it.
    await assert.rejects(third.send(new GetDocumentCommand({ Name: arn() })), { name: "InvalidDocument" });

    // The other account runs it by ARN on its own node, under its own policy.
    const activation = await other.send(new CreateActivationCommand({ IamRole: "R", RegistrationLimit: 1 }));
    const node = await registerAgentProcess(t.endpoint, folder, activation);
    const sent = await other.send(new SendCommandCommand({ DocumentName: arn(), InstanceIds: [node] }));
    assert.equal(sent.Command?.DocumentName, arn());
    assert.equal(sent.Command?.TargetCount, 1);
    await other.send(new CancelCommandCommand({ CommandId: sent.Command?.CommandId }));
  });

  it("shares $LATEST or $ALL versions, and stops sharing", async () => {
    await owner.send(
      new ModifyDocumentPermissionCommand({
        Name: "Runbook",
        PermissionType: "Share",
        AccountIdsToAdd: [otherAccount],
        SharedDocumentVersion: "$LATEST",
      }),
    );
    assert.match((await other.send(new GetDocumentCommand({ Name: arn() }))).Content ?? "", /echo v2/);
    await owner.send(
      new ModifyDocumentPermissionCommand({
        Name: "Runbook",
        PermissionType: "Share",
        AccountIdsToAdd: [otherAccount],
        SharedDocumentVersion: "$ALL",
      }),
    );
    assert.match((await other.send(new GetDocumentCommand({ Name: arn(), DocumentVersion: "2" }))).Content ?? "", /echo v2/);
    await owner.send(new ModifyDocumentPermissionCommand({ Name: "Runbook", PermissionType: "Share", AccountIdsToRemove: [otherAccount] }));
    await assert.rejects(other.send(new GetDocumentCommand({ Name: arn() })), { name: "InvalidDocument" });
    assert.deepEqual(
      (await other.send(new ListDocumentsCommand({ Filters: [{ Key: "Owner", Values: ["Private"] }] }))).DocumentIdentifiers,
      [],
    );
  });

  it("shares with All (every account), at most five documents, unshared before it is deleted", async () => {
    await owner.send(new ModifyDocumentPermissionCommand({ Name: "Runbook", PermissionType: "Share", AccountIdsToAdd: ["All"] }));
    assert.match((await third.send(new GetDocumentCommand({ Name: arn() }))).Content ?? "", /echo v1/);
    assert.deepEqual((await owner.send(new DescribeDocumentPermissionCommand({ Name: "Runbook", PermissionType: "Share" }))).AccountIds, [
      "all",
    ]);
    for (const name of ["Pub1", "Pub2", "Pub3", "Pub4", "Pub5"]) {
      await owner.send(new CreateDocumentCommand({ Name: name, Content: runbook("true") }));
      const share = owner.send(new ModifyDocumentPermissionCommand({ Name: name, PermissionType: "Share", AccountIdsToAdd: ["all"] }));
      if (name === "Pub5") await assert.rejects(share, { name: "DocumentPermissionLimit" });
      else await share;
    }
    // As SSM: a shared document is unshared before it can be deleted, and then its shares are gone with it.
    await assert.rejects(owner.send(new DeleteDocumentCommand({ Name: "Runbook" })), {
      name: "InvalidDocumentOperation",
      message: /while it is still shared/,
    });
    await owner.send(new ModifyDocumentPermissionCommand({ Name: "Runbook", PermissionType: "Share", AccountIdsToRemove: ["all"] }));
    await owner.send(new DeleteDocumentCommand({ Name: "Runbook" }));
    await owner.send(new CreateDocumentCommand({ Name: "Runbook", Content: runbook("echo again") }));
    await assert.rejects(third.send(new GetDocumentCommand({ Name: arn() })), { name: "InvalidDocument" });
  });

  it("answers bad input with the model's errors", async () => {
    const api = apiClient(t.endpoint, t.admin);
    const cases: [Record<string, unknown>, string][] = [
      [{ Name: "Runbook", PermissionType: "Own", AccountIdsToAdd: [otherAccount] }, "ValidationException"],
      [{ Name: "Runbook", PermissionType: "Share", AccountIdsToAdd: ["12345"] }, "ValidationException"],
      [
        { Name: "Runbook", PermissionType: "Share", AccountIdsToAdd: Array.from({ length: 21 }, (_, i) => String(100000000000 + i)) },
        "ValidationException",
      ],
      [{ Name: "Runbook", PermissionType: "Share", SharedDocumentVersion: "3" }, "ValidationException"],
      [{ Name: "Runbook", PermissionType: "Share", SharedDocumentVersion: "$DEFAULTS" }, "ValidationException"],
      [{ Name: "NoSuchRunbook", PermissionType: "Share", AccountIdsToAdd: [otherAccount] }, "InvalidDocument"],
      [{ Name: "AWS-RunShellScript", PermissionType: "Share", AccountIdsToAdd: [otherAccount] }, "InvalidDocument"],
    ];
    for (const [input, exception] of cases) {
      const error = await expectApiError(api.call("AmazonSSM.ModifyDocumentPermission", input));
      assert.equal(error.exception, exception, JSON.stringify(input).slice(0, 100));
    }
    for (const [input, exception] of [
      [{ Name: "Runbook", PermissionType: "Own" }, "ValidationException"],
      [{ Name: "Runbook", PermissionType: "Share", MaxResults: 201 }, "ValidationException"],
      [{ Name: "Runbook", PermissionType: "Share", NextToken: "Zm9yZ2Vk" }, "InvalidNextToken"],
      [{ Name: "NoSuchRunbook", PermissionType: "Share" }, "InvalidDocument"],
    ] as const) {
      const error = await expectApiError(api.call("AmazonSSM.DescribeDocumentPermission", input));
      assert.equal(error.exception, exception, JSON.stringify(input));
    }
  });
});
