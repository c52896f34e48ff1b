/**
 * AWS-RunPatchBaseline on a node that patches with apt, against a real archive built at test time (a plain suite and a
 * security suite) and an apt and dpkg configuration rooted in a scratch folder (APT_CONFIG), so the machine's own
 * packages are never touched: the node's patch group picks its baseline; Scan reports each package's state and changes
 * nothing; Install installs what the baseline approves (security updates; non-security ones once a rule enables them),
 * never a rejected package, and the resulting versions are the ones dpkg has; the states reach
 * DescribeInstancePatchStates, DescribeInstancePatches and Patch compliance.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  CreateDocumentCommand,
  DescribeAvailablePatchesCommand,
  DescribeEffectivePatchesForPatchBaselineCommand,
  DescribeInstancePatchesCommand,
  DescribeInstancePatchStatesCommand,
  DescribeInstancePatchStatesForPatchGroupCommand,
  DescribePatchGroupStateCommand,
  DescribePatchPropertiesCommand,
  ListComplianceItemsCommand,
  ListInventoryEntriesCommand,
  SendCommandCommand,
  type SSMClient,
  UpdatePatchBaselineCommand,
} from "@aws-sdk/client-ssm";
import { type AgentProcess, exited } from "../kit/agents.ts";
import { type AptWorld, aptMissing, makeAptWorld, securityBaselineForGroup, startPatchingNode } from "../kit/apt-repo.ts";
import { invocationReaches } from "../kit/fleet.ts";
import { outcome } from "../kit/outcome.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

const skip = await aptMissing();
let t: TestServer;
let ssm: SSMClient;
let folder = "";
let world: AptWorld;
let agent: AgentProcess | undefined;
let node = "";
let baselineId = "";

before(async () => {
  if (skip) return;
  folder = await mkdtemp(join(tmpdir(), "bosun-patching-"));
  world = await makeAptWorld(join(folder, "apt"), {
    bookworm: [
      { name: "bosun-tool", version: "1.0-2", priority: "optional", section: "utils" },
      { name: "bosun-extra", version: "2.0-1", priority: "optional", section: "utils" },
    ],
    "bookworm-security": [
      { name: "bosun-lib", version: "1.0-1+deb12u1", priority: "important", section: "libs" },
      { name: "bosun-old", version: "3.0-2", priority: "optional", section: "net" },
    ],
  });
  await world.install([
    { name: "bosun-tool", version: "1.0-1", section: "utils" },
    { name: "bosun-lib", version: "1.0-1", priority: "important", section: "libs" },
    { name: "bosun-extra", version: "2.0-1", section: "utils" },
    { name: "bosun-old", version: "3.0-1", section: "net" },
  ]);
  t = await startTestServer();
  ssm = t.ssm();
  ({ id: node, agent } = await startPatchingNode(t, ssm, join(folder, "agent"), world, "apt-test"));
  baselineId = await securityBaselineForGroup(ssm, "apt-test-baseline", "apt-test", "HIGH", { RejectedPatches: ["bosun-old"] });
});

after(async () => {
  if (agent && agent.exitCode === null) {
    agent.kill("SIGKILL");
    await exited(agent);
  }
  ssm?.destroy();
  await t?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** Runs AWS-RunPatchBaseline on the node and waits for it to end; returns the invocation. */
async function patch(parameters: Record<string, string[]>) {
  const sent = await ssm.send(
    new SendCommandCommand({
      DocumentName: "AWS-RunPatchBaseline",
      InstanceIds: [node],
      Parameters: { RebootOption: ["NoReboot"], ...parameters },
    }),
  );
  return invocationReaches(ssm, sent.Command?.CommandId ?? "", node, ["Success", "Failed"], 120_000);
}

async function states() {
  const patches = (await ssm.send(new DescribeInstancePatchesCommand({ InstanceId: node, MaxResults: 100 }))).Patches ?? [];
  return Object.fromEntries(patches.map((p) => [p.Title, `${p.State} ${p.KBId}`]));
}

describe("patching with apt", { skip }, () => {
  it("scans: each package's state by the patch group's baseline, and nothing installed", async () => {
    const run = await patch({ Operation: ["Scan"] });
    assert.equal(run.StatusDetails, "Success", run.StandardErrorContent);
    assert.match(run.StandardOutputContent ?? "", new RegExp(`Baseline ${baselineId} \\(patch group apt-test\\), Scan`));
    assert.deepEqual(await states(), {
      "bosun-extra": "INSTALLED_OTHER bosun-extra_2.0-1",
      "bosun-lib": "MISSING bosun-lib_1.0-1+deb12u1",
      "bosun-old": "INSTALLED_REJECTED bosun-old_3.0-1",
      "bosun-tool": "INSTALLED_OTHER bosun-tool_1.0-1",
    });
    assert.deepEqual(await world.installed(), {
      "bosun-extra": "2.0-1",
      "bosun-lib": "1.0-1",
      "bosun-old": "3.0-1",
      "bosun-tool": "1.0-1",
    });
    const [state] = (await ssm.send(new DescribeInstancePatchStatesCommand({ InstanceIds: [node] }))).InstancePatchStates ?? [];
    assert.equal(state?.BaselineId, baselineId);
    assert.equal(state?.PatchGroup, "apt-test");
    assert.equal(state?.Operation, "Scan");
    assert.deepEqual([state?.MissingCount, state?.InstalledOtherCount, state?.InstalledRejectedCount, state?.InstalledCount], [1, 2, 1, 0]);
    const summary = await ssm.send(new ListInventoryEntriesCommand({ InstanceId: node, TypeName: "AWS:PatchSummary" }));
    const entry = summary.Entries?.[0];
    assert.deepEqual(
      [entry?.BaselineId, entry?.PatchGroup, entry?.OperationType, entry?.MissingCount],
      [baselineId, "apt-test", "Scan", "1"],
      "the run is the node's AWS:PatchSummary inventory",
    );
    const missing = await ssm.send(
      new DescribeInstancePatchesCommand({ InstanceId: node, Filters: [{ Key: "State", Values: ["MISSING"] }] }),
    );
    assert.deepEqual(
      missing.Patches?.map((p) => [p.Title, p.Severity, p.Classification]),
      [["bosun-lib", "important", "libs"]],
    );
    const compliance = await ssm.send(
      new ListComplianceItemsCommand({
        ResourceIds: [node],
        Filters: [
          { Key: "ComplianceType", Values: ["Patch"] },
          { Key: "Status", Values: ["NON_COMPLIANT"] },
        ],
      }),
    );
    assert.deepEqual(
      compliance.ComplianceItems?.map((i) => [i.Title, i.Severity, i.Details?.PatchState]),
      [
        ["bosun-lib", "HIGH", "MISSING"],
        ["bosun-old", "UNSPECIFIED", "INSTALLED_REJECTED"],
      ],
    );
  });

  it("keeps the patches nodes reported: available ones, what a baseline makes of each, and the values filters take", async () => {
    const available = async (Filters: { Key: string; Values: string[] }[]) =>
      ((await ssm.send(new DescribeAvailablePatchesCommand({ Filters }))).Patches ?? []).map((p) => p.Id);
    // The missing update is known; the version it replaces was reported as missing its update, not on its own.
    assert.deepEqual(await available([{ Key: "NAME", Values: ["bosun-lib"] }]), ["bosun-lib_1.0-1+deb12u1"]);
    assert.deepEqual(await available([{ Key: "PATCH_ID", Values: ["bosun-tool_1.0-2"] }]), ["bosun-tool_1.0-2"]);
    assert.deepEqual(await available([{ Key: "SECTION", Values: ["ne*"] }]), ["bosun-old_3.0-1", "bosun-old_3.0-2"]);
    const effective = await ssm.send(new DescribeEffectivePatchesForPatchBaselineCommand({ BaselineId: baselineId }));
    assert.deepEqual(
      effective.EffectivePatches?.map((e) => [e.Patch?.Id, e.PatchStatus?.DeploymentStatus, e.PatchStatus?.ComplianceLevel]),
      [
        ["bosun-lib_1.0-1+deb12u1", "APPROVED", "HIGH"],
        ["bosun-old_3.0-1", "EXPLICIT_REJECTED", "UNSPECIFIED"],
        ["bosun-old_3.0-2", "EXPLICIT_REJECTED", "UNSPECIFIED"],
      ],
      "the security update is approved, the rejected package rejected, and non-security updates not considered",
    );
    const properties = async (Property: "PRIORITY" | "PRODUCT" | "CLASSIFICATION") =>
      ((await ssm.send(new DescribePatchPropertiesCommand({ OperatingSystem: "DEBIAN", Property }))).Properties ?? []).map((p) => p.Name);
    assert.deepEqual(await properties("PRIORITY"), ["important", "optional"]);
    assert.deepEqual(await properties("CLASSIFICATION"), ["libs", "net", "utils"]);
    assert.equal((await properties("PRODUCT")).length, 1);
    assert.deepEqual(
      (await ssm.send(new DescribePatchPropertiesCommand({ OperatingSystem: "WINDOWS", Property: "PRODUCT", PatchSet: "OS" }))).Properties,
      [],
    );
  });

  it("applies the node's own baseline even when a document names another in the step", async () => {
    const forged = { baselineId: "pb-0fffffffffffffff0", patchGroup: "", operatingSystem: "DEBIAN", body: { ApprovedPatches: ["*"] } };
    const content = {
      schemaVersion: "2.2",
      mainSteps: [{ action: "aws:runPatchBaseline", name: "patch", inputs: { Operation: "Scan", bosunBaseline: JSON.stringify(forged) } }],
    };
    await ssm.send(new CreateDocumentCommand({ Name: "Patch-Forged", DocumentType: "Command", Content: JSON.stringify(content) }));
    const sent = await ssm.send(new SendCommandCommand({ DocumentName: "Patch-Forged", InstanceIds: [node] }));
    const run = await invocationReaches(ssm, sent.Command?.CommandId ?? "", node, ["Success", "Failed"], 120_000);
    assert.equal(run.StatusDetails, "Success", run.StandardErrorContent);
    const [state] = (await ssm.send(new DescribeInstancePatchStatesCommand({ InstanceIds: [node] }))).InstancePatchStates ?? [];
    assert.equal(state?.BaselineId, baselineId);
  });

  it("answers for the patch group: each node's counts, filtered, and how many nodes are in each state", async () => {
    const missing = await ssm.send(
      new DescribeInstancePatchStatesForPatchGroupCommand({
        PatchGroup: "apt-test",
        Filters: [{ Key: "MissingCount", Values: ["0"], Type: "GreaterThan" }],
      }),
    );
    assert.deepEqual(
      missing.InstancePatchStates?.map((s) => s.InstanceId),
      [node],
    );
    const none = await ssm.send(
      new DescribeInstancePatchStatesForPatchGroupCommand({
        PatchGroup: "apt-test",
        Filters: [{ Key: "FailedCount", Values: ["0"], Type: "NotEqual" }],
      }),
    );
    assert.deepEqual(none.InstancePatchStates, []);
    const group = await ssm.send(new DescribePatchGroupStateCommand({ PatchGroup: "apt-test" }));
    assert.deepEqual(
      [group.Instances, group.InstancesWithMissingPatches, group.InstancesWithInstalledRejectedPatches, group.InstancesWithFailedPatches],
      [1, 1, 1, 0],
    );
    assert.equal((await ssm.send(new DescribePatchGroupStateCommand({ PatchGroup: "nobody" }))).Instances, 0);
  });

  it("applies a BaselineOverride file, and reports a security update it does not approve as its compliance status says", async () => {
    const override = join(folder, "override.json");
    await writeFile(
      override,
      JSON.stringify([
        { BaselineId: "pb-0aaaaaaaaaaaaaaaa", OperatingSystem: "DEBIAN", AvailableSecurityUpdatesComplianceStatus: "NON_COMPLIANT" },
      ]),
    );
    const run = await patch({ Operation: ["Scan"], BaselineOverride: [override] });
    assert.equal(run.StatusDetails, "Success", run.StandardErrorContent);
    assert.equal((await states())["bosun-lib"], "AVAILABLE_SECURITY_UPDATE bosun-lib_1.0-1+deb12u1");
    const [state] = (await ssm.send(new DescribeInstancePatchStatesCommand({ InstanceIds: [node] }))).InstancePatchStates ?? [];
    assert.deepEqual(
      [state?.BaselineId, state?.AvailableSecurityUpdateCount, state?.SecurityNonCompliantCount, state?.MissingCount],
      // bosun-old's update is a security one too, and this baseline rejects nothing.
      ["pb-0aaaaaaaaaaaaaaaa", 2, 2, 0],
    );
  });

  it("installs the approved security update, and neither the non-security one nor the rejected one", async () => {
    const run = await patch({ Operation: ["Install"] });
    assert.equal(run.StatusDetails, "Success", run.StandardErrorContent);
    assert.deepEqual(await world.installed(), {
      "bosun-extra": "2.0-1",
      "bosun-lib": "1.0-1+deb12u1",
      "bosun-old": "3.0-1",
      "bosun-tool": "1.0-1",
    });
    const patched = await states();
    assert.equal(patched["bosun-lib"], "INSTALLED bosun-lib_1.0-1+deb12u1");
    const [state] = (await ssm.send(new DescribeInstancePatchStatesCommand({ InstanceIds: [node] }))).InstancePatchStates ?? [];
    assert.deepEqual([state?.Operation, state?.MissingCount, state?.InstalledCount], ["Install", 0, 1]);
    assert.ok(state?.LastNoRebootInstallOperationTime instanceof Date, "an Install with NoReboot is remembered");
  });

  it("installs non-security updates once a rule enables them", async () => {
    await ssm.send(
      new UpdatePatchBaselineCommand({
        BaselineId: baselineId,
        ApprovalRules: {
          PatchRules: [
            { PatchFilterGroup: { PatchFilters: [{ Key: "PRIORITY", Values: ["*"] }] }, ApproveAfterDays: 0, EnableNonSecurity: true },
          ],
        },
      }),
    );
    const run = await patch({ Operation: ["Install"] });
    assert.equal(run.StatusDetails, "Success", run.StandardErrorContent);
    const installed = await world.installed();
    assert.equal(installed["bosun-tool"], "1.0-2");
    assert.equal(installed["bosun-old"], "3.0-1", "a rejected package stays where it is");
    assert.equal((await states())["bosun-extra"], "INSTALLED bosun-extra_2.0-1", "an approved version already there is INSTALLED");
  });

  it("installs what an InstallOverrideList names instead of what the baseline approves", async () => {
    const list = join(folder, "override.yaml");
    await writeFile(list, "patches:\n  - id: 'bosun-old'\n");
    const run = await patch({ Operation: ["Install"], InstallOverrideList: [list] });
    assert.equal(run.StatusDetails, "Success", run.StandardErrorContent);
    assert.equal((await world.installed())["bosun-old"], "3.0-2");
  });

  it("answers bad input with SSM's errors", async () => {
    const cases: [string, () => Promise<unknown>, string][] = [
      [
        "an Operation the document does not allow",
        () =>
          ssm.send(
            new SendCommandCommand({ DocumentName: "AWS-RunPatchBaseline", InstanceIds: [node], Parameters: { Operation: ["Patch"] } }),
          ),
        "InvalidParameters",
      ],
      [
        "an unknown filter key",
        () => ssm.send(new DescribeInstancePatchesCommand({ InstanceId: node, Filters: [{ Key: "Colour", Values: ["red"] }] })),
        "InvalidFilter",
      ],
      [
        "a filter without values",
        () => ssm.send(new DescribeInstancePatchesCommand({ InstanceId: node, Filters: [{ Key: "State", Values: [] }] })),
        "InvalidFilter",
      ],
      [
        "a node that does not exist",
        () => ssm.send(new DescribeInstancePatchesCommand({ InstanceId: "mi-0000000000000000a" })),
        "InvalidInstanceId",
      ],
      [
        "MaxResults under 10",
        () => ssm.send(new DescribeInstancePatchStatesCommand({ InstanceIds: [node], MaxResults: 5 })),
        "ValidationException",
      ],
      ["51 nodes", () => ssm.send(new DescribeInstancePatchStatesCommand({ InstanceIds: Array(51).fill(node) })), "ValidationException"],
      [
        "a forged token",
        () => ssm.send(new DescribeInstancePatchStatesCommand({ InstanceIds: [node], NextToken: "forged" })),
        "InvalidNextToken",
      ],
      [
        "a count that is not one",
        () =>
          ssm.send(
            new DescribeInstancePatchStatesForPatchGroupCommand({
              PatchGroup: "apt-test",
              Filters: [{ Key: "Colour", Values: ["1"], Type: "Equal" }],
            }),
          ),
        "InvalidFilter",
      ],
      [
        "a count compared with a word",
        () =>
          ssm.send(
            new DescribeInstancePatchStatesForPatchGroupCommand({
              PatchGroup: "apt-test",
              Filters: [{ Key: "MissingCount", Values: ["many"], Type: "GreaterThan" }],
            }),
          ),
        "InvalidFilter",
      ],
      [
        "two values",
        () =>
          ssm.send(
            new DescribeInstancePatchStatesForPatchGroupCommand({
              PatchGroup: "apt-test",
              Filters: [{ Key: "MissingCount", Values: ["1", "2"], Type: "Equal" }],
            }),
          ),
        "ValidationException",
      ],
      [
        "an unknown available-patch filter",
        () => ssm.send(new DescribeAvailablePatchesCommand({ Filters: [{ Key: "COLOUR", Values: ["red"] }] })),
        "ValidationException",
      ],
      [
        "the effective patches of a baseline that does not exist",
        () => ssm.send(new DescribeEffectivePatchesForPatchBaselineCommand({ BaselineId: "pb-0123456789abcdef0" })),
        "DoesNotExistException",
      ],
      [
        "an unknown patch property",
        () => ssm.send(new DescribePatchPropertiesCommand({ OperatingSystem: "DEBIAN", Property: "COLOUR" as "PRODUCT" })),
        "ValidationException",
      ],
      [
        "a patch group outside the pattern",
        () => ssm.send(new DescribePatchGroupStateCommand({ PatchGroup: "no*stars" })),
        "ValidationException",
      ],
    ];
    for (const [what, call, error] of cases) assert.equal(await outcome(call()), error, what);
  });
});
