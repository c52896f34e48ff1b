/**
 * Compliance through the SDK and the real AWS CLI, on the test engine: a node's items of a `Custom:` type and of
 * Patch, uploaded COMPLETE and PARTIAL (with the content hash that makes an upload a no-op), listed with every filter
 * and paged, summarized per resource and per type; a deregistered node's compliance goes; and SSM's errors for bad
 * input, each with the tables unchanged.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  CreateActivationCommand,
  DeregisterManagedInstanceCommand,
  ListComplianceItemsCommand,
  ListComplianceSummariesCommand,
  ListResourceComplianceSummariesCommand,
  PutComplianceItemsCommand,
  type PutComplianceItemsCommandInput,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { registerAgentProcess } from "../kit/agents.ts";
import { awsCliMissing, awsSsm } from "../kit/aws-cli.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

let t: TestServer;
let ssm: SSMClient;
let folder = "";
let node = "";
let other = "";

const at = new Date("2026-12-01T10:00:00Z");

before(async () => {
  t = await startTestServer();
  ssm = t.ssm();
  folder = await mkdtemp(join(tmpdir(), "bosun-compliance-"));
  const activation = await ssm.send(new CreateActivationCommand({ IamRole: "Compliance", RegistrationLimit: 2 }));
  node = await registerAgentProcess(t.endpoint, join(folder, "a"), activation);
  other = await registerAgentProcess(t.endpoint, join(folder, "b"), activation);
});

after(async () => {
  ssm?.destroy();
  await t?.close();
  await rm(folder, { recursive: true, force: true });
});

const put = (input: Partial<PutComplianceItemsCommandInput> & Pick<PutComplianceItemsCommandInput, "Items">) =>
  ssm.send(
    new PutComplianceItemsCommand({
      ResourceId: node,
      ResourceType: "ManagedInstance",
      ComplianceType: "Custom:Hardening",
      ExecutionSummary: { ExecutionTime: at, ExecutionId: "run-1", ExecutionType: "Command" },
      ...input,
    }),
  );

async function itemsOf(resourceId: string, complianceType: string) {
  const answer = await ssm.send(
    new ListComplianceItemsCommand({
      ResourceIds: [resourceId],
      ResourceTypes: ["ManagedInstance"],
      Filters: [{ Key: "ComplianceType", Values: [complianceType], Type: "EQUAL" }],
      MaxResults: 50,
    }),
  );
  return (answer.ComplianceItems ?? []).map((i) => `${i.Id}:${i.Status}:${i.Severity}`);
}

describe("compliance", () => {
  it("keeps a COMPLETE upload's items, merges a PARTIAL one, and ignores an upload with the same content hash", async () => {
    await put({
      ItemContentHash: "hash-1",
      UploadType: "COMPLETE",
      Items: [
        {
          Id: "ssh-root-login",
          Title: "Root login over SSH is off",
          Severity: "HIGH",
          Status: "NON_COMPLIANT",
          Details: { file: "/etc/ssh" },
        },
        { Id: "firewall", Title: "Firewall on", Severity: "MEDIUM", Status: "COMPLIANT" },
        { Id: "auditd", Severity: "LOW", Status: "COMPLIANT" },
      ],
    });
    assert.deepEqual(await itemsOf(node, "Custom:Hardening"), [
      "auditd:COMPLIANT:LOW",
      "firewall:COMPLIANT:MEDIUM",
      "ssh-root-login:NON_COMPLIANT:HIGH",
    ]);
    const [first] =
      (await ssm.send(new ListComplianceItemsCommand({ ResourceIds: [node], Filters: [{ Key: "Id", Values: ["ssh-root-login"] }] })))
        .ComplianceItems ?? [];
    assert.deepEqual(
      {
        title: first?.Title,
        details: first?.Details,
        type: first?.ResourceType,
        execution: first?.ExecutionSummary?.ExecutionId,
        kind: first?.ExecutionSummary?.ExecutionType,
        time: first?.ExecutionSummary?.ExecutionTime?.toISOString(),
      },
      {
        title: "Root login over SSH is off",
        details: { file: "/etc/ssh" },
        type: "ManagedInstance",
        execution: "run-1",
        kind: "Command",
        time: at.toISOString(),
      },
    );

    // The same hash again: ignored, even though the items differ.
    await put({ ItemContentHash: "hash-1", Items: [{ Id: "other", Severity: "LOW", Status: "COMPLIANT" }] });
    assert.equal((await itemsOf(node, "Custom:Hardening")).length, 3);

    // PARTIAL: the named item changes, the others stay.
    await put({
      ItemContentHash: "hash-2",
      UploadType: "PARTIAL",
      Items: [{ Id: "ssh-root-login", Severity: "HIGH", Status: "COMPLIANT" }],
    });
    assert.deepEqual(await itemsOf(node, "Custom:Hardening"), [
      "auditd:COMPLIANT:LOW",
      "firewall:COMPLIANT:MEDIUM",
      "ssh-root-login:COMPLIANT:HIGH",
    ]);

    // COMPLETE (the default): only what it holds remains.
    await put({ Items: [{ Id: "firewall", Severity: "CRITICAL", Status: "NON_COMPLIANT" }] });
    assert.deepEqual(await itemsOf(node, "Custom:Hardening"), ["firewall:NON_COMPLIANT:CRITICAL"]);
  });

  it("filters items by every key and operator, and pages them", async () => {
    await put({
      ResourceId: other,
      ComplianceType: "Patch",
      ExecutionSummary: { ExecutionTime: at, ExecutionType: "Command" },
      Items: ["KB-1", "KB-2", "KB-3", "KB-4", "KB-5"].map((Id, n) => ({
        Id,
        Severity: n < 2 ? "CRITICAL" : "LOW",
        Status: n % 2 === 0 ? "NON_COMPLIANT" : "COMPLIANT",
      })),
    });
    const ids = async (
      Filters: { Key: string; Values: string[]; Type?: "EQUAL" | "NOT_EQUAL" | "BEGIN_WITH" | "LESS_THAN" | "GREATER_THAN" }[],
    ) =>
      ((await ssm.send(new ListComplianceItemsCommand({ ResourceIds: [other], Filters, MaxResults: 50 }))).ComplianceItems ?? []).map(
        (i) => i.Id,
      );
    assert.deepEqual(await ids([{ Key: "Status", Values: ["NON_COMPLIANT"] }]), ["KB-1", "KB-3", "KB-5"]);
    assert.deepEqual(await ids([{ Key: "Severity", Values: ["CRITICAL"], Type: "NOT_EQUAL" }]), ["KB-3", "KB-4", "KB-5"]);
    assert.deepEqual(await ids([{ Key: "Id", Values: ["KB-4"], Type: "GREATER_THAN" }]), ["KB-5"]);
    assert.deepEqual(await ids([{ Key: "Id", Values: ["KB-2"], Type: "LESS_THAN" }]), ["KB-1"]);
    assert.deepEqual(
      await ids([
        { Key: "ComplianceType", Values: ["Pat"], Type: "BEGIN_WITH" },
        { Key: "Severity", Values: ["LOW"] },
      ]),
      ["KB-3", "KB-4", "KB-5"],
    );
    assert.deepEqual(
      await ids([
        { Key: "ExecutionType", Values: ["Command"] },
        { Key: "ExecutionId", Values: [""] },
      ]),
      ["KB-1", "KB-2", "KB-3", "KB-4", "KB-5"],
    );

    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await ssm.send(new ListComplianceItemsCommand({ ResourceIds: [other], MaxResults: 2, NextToken }));
      assert.ok((page.ComplianceItems ?? []).length <= 2);
      seen.push(...(page.ComplianceItems ?? []).map((i) => i.Id ?? ""));
      NextToken = page.NextToken;
    } while (NextToken);
    assert.deepEqual(seen, ["KB-1", "KB-2", "KB-3", "KB-4", "KB-5"]);
  });

  it("summarizes per resource and per compliance type", async () => {
    const resources = (await ssm.send(new ListResourceComplianceSummariesCommand({ MaxResults: 50 }))).ResourceComplianceSummaryItems ?? [];
    const patch = resources.find((r) => r.ResourceId === other && r.ComplianceType === "Patch");
    assert.equal(patch?.Status, "NON_COMPLIANT");
    assert.equal(patch?.OverallSeverity, "CRITICAL");
    assert.equal(patch?.CompliantSummary?.CompliantCount, 2);
    assert.equal(patch?.NonCompliantSummary?.NonCompliantCount, 3);
    assert.deepEqual(patch?.NonCompliantSummary?.SeveritySummary, {
      CriticalCount: 1,
      HighCount: 0,
      MediumCount: 0,
      LowCount: 2,
      InformationalCount: 0,
      UnspecifiedCount: 0,
    });
    const onlyCompliant = await ssm.send(
      new ListResourceComplianceSummariesCommand({
        Filters: [
          { Key: "Status", Values: ["COMPLIANT"] },
          { Key: "ResourceId", Values: [node, other] },
        ],
      }),
    );
    assert.deepEqual(onlyCompliant.ResourceComplianceSummaryItems ?? [], []);

    // One more resource of Custom:Hardening, compliant: the type counts one resource each way.
    await put({ ResourceId: other, Items: [{ Id: "firewall", Severity: "MEDIUM", Status: "COMPLIANT" }] });
    const summaries = await ssm.send(
      new ListComplianceSummariesCommand({ Filters: [{ Key: "ComplianceType", Values: ["Custom:Hardening"] }] }),
    );
    assert.deepEqual(
      summaries.ComplianceSummaryItems?.map((s) => [
        s.ComplianceType,
        s.CompliantSummary?.CompliantCount,
        s.NonCompliantSummary?.NonCompliantCount,
      ]),
      [["Custom:Hardening", 1, 1]],
    );
    assert.equal(summaries.ComplianceSummaryItems?.[0]?.NonCompliantSummary?.SeveritySummary?.CriticalCount, 1);
    assert.equal(summaries.ComplianceSummaryItems?.[0]?.CompliantSummary?.SeveritySummary?.MediumCount, 1);
  });

  it("answers bad input with SSM's errors and changes nothing", async () => {
    const before = await itemsOf(node, "Custom:Hardening");
    const cases: [string, () => Promise<unknown>, string][] = [
      ["another resource type", () => put({ ResourceType: "Document", Items: [] }), "InvalidResourceType"],
      ["a node that does not exist", () => put({ ResourceId: "mi-0000000000000000a", Items: [] }), "InvalidResourceId"],
      ["a compliance type outside the pattern", () => put({ ComplianceType: "!!", Items: [] }), "ValidationException"],
      ["an unknown severity", () => put({ Items: [{ Id: "x", Severity: "SEVERE" as "LOW", Status: "COMPLIANT" }] }), "ValidationException"],
      [
        "an item id twice",
        () =>
          put({
            Items: [
              { Id: "x", Severity: "LOW", Status: "COMPLIANT" },
              { Id: "x", Severity: "LOW", Status: "NON_COMPLIANT" },
            ],
          }),
        "InvalidItemContentException",
      ],
      [
        "an unknown filter key",
        () => ssm.send(new ListComplianceItemsCommand({ Filters: [{ Key: "Colour", Values: ["red"] }] })),
        "InvalidFilter",
      ],
      [
        "a filter without values",
        () => ssm.send(new ListComplianceSummariesCommand({ Filters: [{ Key: "ComplianceType", Values: [] }] })),
        "ValidationException",
      ],
      [
        "another resource type to list",
        () => ssm.send(new ListComplianceItemsCommand({ ResourceTypes: ["Document"] })),
        "InvalidResourceType",
      ],
      ["a forged token", () => ssm.send(new ListResourceComplianceSummariesCommand({ NextToken: "forged" })), "InvalidNextToken"],
      ["MaxResults past 50", () => ssm.send(new ListComplianceSummariesCommand({ MaxResults: 51 })), "ValidationException"],
    ];
    for (const [what, call, error] of cases)
      await assert.rejects(
        call(),
        (e: Error) => {
          assert.equal(e.name, error, what);
          return true;
        },
        what,
      );
    assert.deepEqual(await itemsOf(node, "Custom:Hardening"), before);
  });

  it("works from the real AWS CLI", { skip: awsCliMissing() }, async () => {
    const home = await mkdtemp(join(tmpdir(), "bosun-compliance-cli-"));
    try {
      await awsSsm(
        t,
        home,
        "put-compliance-items",
        "--resource-id",
        other,
        "--resource-type",
        "ManagedInstance",
        "--compliance-type",
        "Custom:FromCli",
        "--execution-summary",
        "ExecutionTime=2026-12-01T10:00:00Z",
        "--items",
        "Id=cli-1,Title=From the CLI,Severity=INFORMATIONAL,Status=COMPLIANT",
      );
      const listed = await awsSsm(
        t,
        home,
        "list-compliance-items",
        "--resource-ids",
        other,
        "--filters",
        "Key=ComplianceType,Values=Custom:FromCli",
      );
      assert.deepEqual(
        (listed.ComplianceItems as { Id: string; Title: string }[]).map((i) => [i.Id, i.Title]),
        [["cli-1", "From the CLI"]],
      );
      const summaries = await awsSsm(t, home, "list-compliance-summaries", "--filters", "Key=ComplianceType,Values=Custom:FromCli");
      assert.equal(
        (summaries.ComplianceSummaryItems as { CompliantSummary: { CompliantCount: number } }[])[0]?.CompliantSummary.CompliantCount,
        1,
      );
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it("forgets a deregistered node's compliance", async () => {
    await ssm.send(new DeregisterManagedInstanceCommand({ InstanceId: other }));
    const left = (await ssm.send(new ListResourceComplianceSummariesCommand({ MaxResults: 50 }))).ResourceComplianceSummaryItems ?? [];
    assert.deepEqual([...new Set(left.map((r) => r.ResourceId))], [node]);
    assert.deepEqual(await itemsOf(other, "Patch"), []);
  });
});
