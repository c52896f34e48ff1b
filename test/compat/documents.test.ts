/** @module Documents through @aws-sdk/client-ssm: versions, formats, built-ins, listing filters, bad content. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
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
  GetDocumentCommand,
  ListDocumentsCommand,
  ListDocumentVersionsCommand,
  SendCommandCommand,
  type SSMClient,
  UpdateDocumentCommand,
  UpdateDocumentDefaultVersionCommand,
} from "@aws-sdk/client-ssm";
import { newAccount } from "../kit/accounts.ts";
import { registerAgentProcess } from "../kit/agents.ts";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

let t: TestServer;
let ssm: SSMClient;
before(async () => {
  t = await startTestServer();
  ssm = t.ssm();
});
after(() => t.close());

const command = (script = "echo hello {{ who }}", extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    schemaVersion: "2.2",
    description: "Greets someone.",
    parameters: { who: { type: "String", default: "world", description: "Whom to greet", allowedPattern: "^[a-z]+$" } },
    mainSteps: [{ action: "aws:runShellScript", name: "greet", inputs: { runCommand: [script] }, ...extra }],
  });

const yamlCommand = `schemaVersion: "2.2"
description: A YAML document.
parameters:
  path:
    type: String
    default: /tmp
mainSteps:
  - action: aws:runShellScript
    name: list
    inputs:
      runCommand:
        - ls {{ path }}
`;

describe("documents", () => {
  it("creates a Command document and describes what it declares", async () => {
    const content = command();
    const { DocumentDescription: d } = await ssm.send(
      new CreateDocumentCommand({ Name: "Greet", Content: content, DocumentType: "Command", Tags: [{ Key: "team", Value: "ops" }] }),
    );
    assert.equal(d?.Name, "Greet");
    assert.equal(d?.Owner, t.accountId);
    assert.equal(d?.Status, "Active");
    assert.equal(d?.DocumentVersion, "1");
    assert.equal(d?.DefaultVersion, "1");
    assert.equal(d?.LatestVersion, "1");
    assert.equal(d?.SchemaVersion, "2.2");
    assert.equal(d?.DocumentFormat, "JSON");
    assert.equal(d?.DocumentType, "Command");
    assert.equal(d?.HashType, "Sha256");
    assert.equal(d?.Hash, createHash("sha256").update(content).digest("hex"));
    assert.equal(d?.Description, "Greets someone.");
    assert.deepEqual(d?.Parameters, [{ Name: "who", Type: "String", Description: "Whom to greet", DefaultValue: "world" }]);
    assert.deepEqual(d?.PlatformTypes, ["Linux", "MacOS"]);
    assert.deepEqual(d?.Tags, [{ Key: "team", Value: "ops" }]);
    await assert.rejects(ssm.send(new CreateDocumentCommand({ Name: "Greet", Content: content })), { name: "DocumentAlreadyExists" });
  });

  it("keeps YAML as written and converts it to JSON on request", async () => {
    await ssm.send(new CreateDocumentCommand({ Name: "ListYaml", Content: yamlCommand, DocumentFormat: "YAML" }));
    const asIs = await ssm.send(new GetDocumentCommand({ Name: "ListYaml" }));
    assert.equal(asIs.Content, yamlCommand);
    assert.equal(asIs.DocumentFormat, "YAML");
    const asJson = await ssm.send(new GetDocumentCommand({ Name: "ListYaml", DocumentFormat: "JSON" }));
    assert.equal(asJson.DocumentFormat, "JSON");
    assert.deepEqual((JSON.parse(asJson.Content ?? "{}") as { parameters: unknown }).parameters, {
      path: { type: "String", default: "/tmp" },
    });
  });

  it("narrows PlatformTypes by precondition and accepts schema 1.2", async () => {
    const windowsOnly = command("Get-Date", { precondition: { StringEquals: ["platformType", "Windows"] } }).replace(
      "aws:runShellScript",
      "aws:runPowerShellScript",
    );
    const out = await ssm.send(new CreateDocumentCommand({ Name: "WindowsDate", Content: windowsOnly }));
    assert.deepEqual(out.DocumentDescription?.PlatformTypes, ["Windows"]);
    const old = JSON.stringify({
      schemaVersion: "1.2",
      description: "old style",
      parameters: {},
      runtimeConfig: { "aws:runShellScript": { properties: [{ runCommand: ["uptime"] }] } },
    });
    assert.equal((await ssm.send(new CreateDocumentCommand({ Name: "OldStyle", Content: old }))).DocumentDescription?.SchemaVersion, "1.2");
  });

  it("versions on update, keeps the default until told, and lists versions", async () => {
    const v2 = await ssm.send(
      new UpdateDocumentCommand({
        Name: "Greet",
        Content: command("echo hi {{ who }}"),
        DocumentVersion: "$LATEST",
        VersionName: "second",
      }),
    );
    assert.equal(v2.DocumentDescription?.DocumentVersion, "2");
    assert.equal(v2.DocumentDescription?.DefaultVersion, "1");
    assert.equal(v2.DocumentDescription?.VersionName, "second");
    await assert.rejects(ssm.send(new UpdateDocumentCommand({ Name: "Greet", Content: command("echo hi {{ who }}") })), {
      name: "DuplicateDocumentContent",
    });
    await assert.rejects(
      ssm.send(new UpdateDocumentCommand({ Name: "Greet", Content: command("echo 3 {{ who }}"), DocumentVersion: "1" })),
      { name: "InvalidDocumentVersion" },
    );
    await assert.rejects(
      ssm.send(new UpdateDocumentCommand({ Name: "Greet", Content: command("echo 3 {{ who }}"), VersionName: "second" })),
      {
        name: "DuplicateDocumentVersionName",
      },
    );
    assert.match((await ssm.send(new GetDocumentCommand({ Name: "Greet" }))).Content ?? "", /echo hello/);
    assert.match((await ssm.send(new GetDocumentCommand({ Name: "Greet", DocumentVersion: "$LATEST" }))).Content ?? "", /echo hi/);
    assert.match((await ssm.send(new GetDocumentCommand({ Name: "Greet", VersionName: "second" }))).Content ?? "", /echo hi/);
    const made = await ssm.send(new UpdateDocumentDefaultVersionCommand({ Name: "Greet", DocumentVersion: "2" }));
    assert.deepEqual(made.Description, { Name: "Greet", DefaultVersion: "2", DefaultVersionName: "second" });
    const versions = await ssm.send(new ListDocumentVersionsCommand({ Name: "Greet" }));
    assert.deepEqual(
      versions.DocumentVersions?.map((v) => [v.DocumentVersion, v.IsDefaultVersion]),
      [
        ["1", false],
        ["2", true],
      ],
    );
    await assert.rejects(ssm.send(new DescribeDocumentCommand({ Name: "Greet", DocumentVersion: "7" })), {
      name: "InvalidDocumentVersion",
    });
  });

  it("provides Amazon's AWS-RunShellScript and AWS-RunPowerShellScript to every account, read-only", async () => {
    const { Document: shell } = await ssm.send(new DescribeDocumentCommand({ Name: "AWS-RunShellScript" }));
    assert.equal(shell?.Owner, "Amazon");
    assert.deepEqual(
      shell?.Parameters?.map((p) => p.Name),
      ["commands", "workingDirectory", "executionTimeout"],
    );
    assert.equal(shell?.Parameters?.find((p) => p.Name === "executionTimeout")?.DefaultValue, "3600");
    const power = await ssm.send(new GetDocumentCommand({ Name: "AWS-RunPowerShellScript" }));
    assert.match(power.Content ?? "", /aws:runPowerShellScript/);
    await assert.rejects(ssm.send(new UpdateDocumentCommand({ Name: "AWS-RunShellScript", Content: command() })), {
      name: "InvalidDocumentOperation",
    });
    await assert.rejects(ssm.send(new DeleteDocumentCommand({ Name: "AWS-RunShellScript" })), { name: "InvalidDocumentOperation" });
    await assert.rejects(ssm.send(new CreateDocumentCommand({ Name: "AWS-Mine", Content: command() })), { name: "ValidationException" });
  });

  /** Amazon's documents every account sees, in name order: Run Command's, inventory's, patching's and Session Manager's. */
  const amazonDocuments = [
    "AWS-GatherSoftwareInventory",
    "AWS-RunPatchBaseline",
    "AWS-RunPowerShellScript",
    "AWS-RunShellScript",
    "AWS-StartInteractiveCommand",
    "AWS-StartNonInteractiveCommand",
    "AWS-StartPortForwardingSession",
    "AWS-StartPortForwardingSessionToRemoteHost",
    "AWS-StartSSHSession",
  ];

  it("lists by owner, platform, type, name, keyword and tag, and pages", async () => {
    const names = async (input: ConstructorParameters<typeof ListDocumentsCommand>[0]) =>
      ((await ssm.send(new ListDocumentsCommand(input))).DocumentIdentifiers ?? []).map((d) => d.Name);
    assert.deepEqual(await names({ Filters: [{ Key: "Owner", Values: ["Amazon"] }] }), amazonDocuments);
    assert.deepEqual(await names({ Filters: [{ Key: "Owner", Values: ["Self"] }] }), ["Greet", "ListYaml", "OldStyle", "WindowsDate"]);
    assert.deepEqual(
      await names({
        DocumentFilterList: [
          { key: "Owner", value: "Self" },
          { key: "PlatformTypes", value: "Windows" },
        ],
      }),
      ["WindowsDate"],
    );
    assert.deepEqual(await names({ Filters: [{ Key: "Name", Values: ["Gre"] }] }), ["Greet"]);
    assert.deepEqual(await names({ Filters: [{ Key: "SearchKeyword", Values: ["yaml"] }] }), ["ListYaml"]);
    assert.deepEqual(await names({ Filters: [{ Key: "tag:team", Values: ["ops"] }] }), ["Greet"]);
    assert.deepEqual(
      await names({ Filters: [{ Key: "DocumentType", Values: ["Session"] }] }),
      amazonDocuments.filter((name) => name.startsWith("AWS-Start")),
    );
    const all = await names({});
    assert.equal(all.length, amazonDocuments.length + 4);
    const paged: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await ssm.send(new ListDocumentsCommand({ MaxResults: 4, NextToken }));
      paged.push(...(page.DocumentIdentifiers ?? []).map((d) => d.Name ?? ""));
      NextToken = page.NextToken;
    } while (NextToken);
    assert.deepEqual(paged, all);
    const greet = (await ssm.send(new ListDocumentsCommand({ Filters: [{ Key: "Name", Values: ["Greet"] }] }))).DocumentIdentifiers?.[0];
    assert.equal(greet?.DocumentVersion, "2", "the listing shows the default version");
  });

  it("deletes a version that is not the default, then the whole document", async () => {
    await assert.rejects(ssm.send(new DeleteDocumentCommand({ Name: "Greet", DocumentVersion: "2" })), {
      name: "InvalidDocumentOperation",
    });
    await ssm.send(new DeleteDocumentCommand({ Name: "Greet", DocumentVersion: "1" }));
    assert.deepEqual(
      (await ssm.send(new ListDocumentVersionsCommand({ Name: "Greet" }))).DocumentVersions?.map((v) => v.DocumentVersion),
      ["2"],
    );
    await ssm.send(new DeleteDocumentCommand({ Name: "Greet" }));
    await assert.rejects(ssm.send(new GetDocumentCommand({ Name: "Greet" })), { name: "InvalidDocument" });
    await ssm.send(new CreateDocumentCommand({ Name: "Greet", Content: command() }));
    assert.equal((await ssm.send(new DescribeDocumentCommand({ Name: "Greet" }))).Document?.DocumentVersion, "1");
  });

  it("keeps an account's documents from other accounts, which still see Amazon's", async () => {
    const other = t.ssm((await newAccount(t, "docs-other")).admin);
    await assert.rejects(other.send(new GetDocumentCommand({ Name: "ListYaml" })), { name: "InvalidDocument" });
    const listed = ((await other.send(new ListDocumentsCommand({}))).DocumentIdentifiers ?? []).map((d) => d.Name);
    assert.deepEqual(listed, amazonDocuments);
    await other.send(new CreateDocumentCommand({ Name: "ListYaml", Content: command() }));
    assert.equal((await ssm.send(new GetDocumentCommand({ Name: "ListYaml" }))).DocumentFormat, "YAML");
  });

  it("accepts what AWS accepts: typed allowedValues, an empty description, StringMap and MapList defaults", async () => {
    const content = `schemaVersion: "2.2"
description:
parameters:
  count:
    type: Integer
    allowedValues: [1, 2, 3, 4]
    default: 2
  verbose:
    type: Boolean
    allowedValues: [true, false]
    default: false
  labels:
    type: StringMap
    description:
    default:
      team: payments
  mounts:
    type: MapList
    default:
      - path: /data
        size: 10
mainSteps:
  - action: aws:runShellScript
    name: show
    inputs:
      runCommand:
        - echo {{ count }} {{ verbose }}
`;
    await ssm.send(new CreateDocumentCommand({ Name: "Accepting", Content: content, DocumentFormat: "YAML" }));
    const described = await ssm.send(new DescribeDocumentCommand({ Name: "Accepting" }));
    assert.deepEqual(
      described.Document?.Parameters?.map((p) => [p.Name, p.Type, p.DefaultValue]),
      // The model's DocumentParameterType names only String and StringList.
      [
        ["count", "String", "2"],
        ["verbose", "String", "false"],
        ["labels", "String", '{"team":"payments"}'],
        ["mounts", "String", '[{"path":"/data","size":10}]'],
      ],
    );
    // The typed allowedValues still decide: 3 is allowed, 5 is not.
    // A registered node (its agent need not run: the parameters are checked before anything is sent).
    const activation = await ssm.send(new CreateActivationCommand({ IamRole: "R", RegistrationLimit: 1 }));
    const folder = await mkdtemp(join(tmpdir(), "bosun-documents-"));
    const instance = await registerAgentProcess(t.endpoint, folder, activation);
    const send = (count: string) =>
      ssm.send(new SendCommandCommand({ DocumentName: "Accepting", InstanceIds: [instance], Parameters: { count: [count] } }));
    await assert.rejects(send("5"), { name: "InvalidParameters" });
    const sent = await send("3");
    assert.equal(sent.Command?.Parameters?.count?.[0], "3");
    await ssm.send(new CancelCommandCommand({ CommandId: sent.Command?.CommandId }));
    await rm(folder, { recursive: true, force: true });
    // Values of the wrong type in allowedValues are still refused.
    await assert.rejects(
      ssm.send(
        new CreateDocumentCommand({
          Name: "WrongAllowed",
          DocumentFormat: "YAML",
          Content: content.replace("allowedValues: [1, 2, 3, 4]", "allowedValues: [one, two]"),
        }),
      ),
      { name: "InvalidDocumentContent" },
    );
  });

  it("says a document does not exist in SSM's words", async () => {
    await assert.rejects(ssm.send(new DescribeDocumentCommand({ Name: "NoSuchDocument" })), {
      name: "InvalidDocument",
      message: "The specified document does not exist.",
    });
  });

  it("refuses content that is not a valid document, with SSM's errors", async () => {
    const create = (Content: string, extra: Record<string, unknown> = {}) =>
      ssm.send(new CreateDocumentCommand({ Name: "Bad", Content, ...extra }));
    await assert.rejects(create("{not json"), { name: "InvalidDocumentContent" });
    await assert.rejects(create("[]"), { name: "InvalidDocumentContent" });
    await assert.rejects(create(JSON.stringify({ schemaVersion: "3.0", mainSteps: [] })), { name: "InvalidDocumentSchemaVersion" });
    await assert.rejects(create(command().replace("aws:runShellScript", "aws:teleport")), { name: "InvalidDocumentContent" });
    await assert.rejects(create(command("echo {{ undeclared }}")), { name: "InvalidDocumentContent" });
    await assert.rejects(create(JSON.stringify({ schemaVersion: "2.2", mainSteps: [] })), { name: "InvalidDocumentContent" });
    await assert.rejects(create(command().replace('"type":"String"', '"type":"Float"')), { name: "InvalidDocumentContent" });
    await assert.rejects(create(command().replace('"^[a-z]+$"', '"("')), { name: "InvalidDocumentContent" });
    await assert.rejects(create(command("echo {{ who }}", { precondition: { StringEquals: ["platformType", "Amiga"] } })), {
      name: "InvalidDocumentContent",
    });
    await assert.rejects(create(`${command().slice(0, -1)},"pad":"${"x".repeat(70_000)}"}`), { name: "MaxDocumentSizeExceeded" });
    await assert.rejects(create("schemaVersion: [", { DocumentFormat: "YAML" }), { name: "InvalidDocumentContent" });
  });

  it("answers bad input with the model's errors", async () => {
    const api = apiClient(t.endpoint, t.admin);
    const cases: [string, Record<string, unknown>, string][] = [
      ["CreateDocument", { Content: "{}" }, "ValidationException"],
      ["CreateDocument", { Name: "ab", Content: "{}" }, "ValidationException"],
      ["CreateDocument", { Name: "Fine", Content: "" }, "ValidationException"],
      ["CreateDocument", { Name: "Fine", Content: "{}", DocumentType: "Spaceship" }, "ValidationException"],
      ["CreateDocument", { Name: "Fine", Content: "{}", DocumentFormat: "XML" }, "ValidationException"],
      ["GetDocument", { Name: "Greet", DocumentVersion: "0" }, "ValidationException"],
      ["GetDocument", { Name: "NoSuchDoc" }, "InvalidDocument"],
      ["DescribeDocument", {}, "ValidationException"],
      ["UpdateDocument", { Name: "NoSuchDoc", Content: "{}" }, "InvalidDocument"],
      ["UpdateDocumentDefaultVersion", { Name: "ListYaml", DocumentVersion: "$LATEST" }, "ValidationException"],
      ["UpdateDocumentDefaultVersion", { Name: "ListYaml", DocumentVersion: "9" }, "InvalidDocumentVersion"],
      ["DeleteDocument", { Name: "NoSuchDoc" }, "InvalidDocument"],
      ["ListDocuments", { MaxResults: 0 }, "ValidationException"],
      ["ListDocuments", { NextToken: "Zm9yZ2Vk" }, "InvalidNextToken"],
      ["ListDocuments", { DocumentFilterList: [{ key: "Color", value: "red" }] }, "ValidationException"],
      ["ListDocuments", { Filters: [{ Key: "Color", Values: ["red"] }] }, "InvalidFilterKey"],
      ["ListDocuments", { Filters: Array.from({ length: 7 }, () => ({ Key: "Owner", Values: ["Self"] })) }, "ValidationException"],
      ["ListDocumentVersions", { Name: "ListYaml", MaxResults: 51 }, "ValidationException"],
    ];
    for (const [action, input, exception] of cases) {
      const error = await expectApiError(api.call(`AmazonSSM.${action}`, input));
      assert.equal(error.exception, exception, `${action} ${JSON.stringify(input).slice(0, 80)}`);
    }
  });
});
