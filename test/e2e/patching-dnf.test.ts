/**
 * @module AWS-RunPatchBaseline's step on the RPM family through the real dnf (Debian's dnf 4, against the scratch
 * repository and root of test/kit/dnf-repo.ts): Scan judges each update by its advisory's CLASSIFICATION and SEVERITY,
 * Install installs what the baseline approves and nothing else, and the resulting versions are dnf's own. The step
 * runs in this process, as the agent runs it: this Debian machine's agent would be given a Debian baseline, so the
 * AlmaLinux baseline is handed to the step directly — everything below the step (dnf, rpm, the repository) is real.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runPatchBaseline } from "../../src/agent/patching/run-patch-baseline.ts";
import type { NodeBaseline } from "../../src/protocol/patch/baseline.ts";
import { type DnfWorld, dnfMissing, makeDnfWorld } from "../kit/dnf-repo.ts";

const skip = await dnfMissing();
let folder = "";
let world: DnfWorld;

const lib1 = { name: "bosun-lib", version: "2.0", release: "1" };
const lib2 = { name: "bosun-lib", version: "2.0", release: "2" };
const tool1 = { name: "bosun-tool", version: "1.0", release: "1" };
const tool2 = { name: "bosun-tool", version: "1.0", release: "2" };
const cli1 = { name: "bosun-cli", version: "3.1", release: "1" };

/** AlmaLinux's kind of rule: security updates rated Critical or Important, approved at once, at HIGH. */
const baseline: NodeBaseline = {
  baselineId: "pb-0123456789abcdef0",
  patchGroup: "alma",
  operatingSystem: "ALMA_LINUX",
  body: {
    ApprovalRules: {
      PatchRules: [
        {
          PatchFilterGroup: {
            PatchFilters: [
              { Key: "CLASSIFICATION", Values: ["Security"] },
              { Key: "SEVERITY", Values: ["Critical", "Important"] },
            ],
          },
          ApproveAfterDays: 0,
          ComplianceLevel: "HIGH",
        },
      ],
    },
  },
};

const patch = (operation: "Scan" | "Install") =>
  runPatchBaseline(
    { Operation: operation, RebootOption: "NoReboot", bosunBaseline: JSON.stringify(baseline) },
    { ...process.env, ...world.env },
    () => Date.now(),
  );

before(async () => {
  if (skip) return;
  folder = await mkdtemp(join(tmpdir(), "bosun-dnf-"));
  world = await makeDnfWorld(
    join(folder, "world"),
    [lib1, lib2, tool1, tool2, cli1],
    [
      { id: "BSA-2026:0001", type: "security", severity: "Important", package: lib2 },
      { id: "BBA-2026:0002", type: "bugfix", package: tool2 },
    ],
  );
  await world.install([lib1, tool1, cli1]);
});
after(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe("patching with dnf", { skip }, () => {
  it("scans: the security update the baseline approves is missing, the bug fix it does not approve is left", async () => {
    const run = await patch("Scan");
    const states = Object.fromEntries(run.report.patches.map((p) => [p.title, [p.state, p.version, p.kbId, p.classification, p.severity]]));
    assert.deepEqual(states, {
      "bosun-lib": ["MISSING", "2.0-2", "BSA-2026:0001", "Security", "Important"],
      "bosun-tool": ["INSTALLED_OTHER", "1.0-1", "bosun-tool-1.0-1.noarch", "", ""],
      "bosun-cli": ["INSTALLED_OTHER", "3.1-1", "bosun-cli-3.1-1.noarch", "", ""],
    });
    assert.equal(run.report.patches.find((p) => p.title === "bosun-lib")?.complianceLevel, "HIGH");
    assert.deepEqual(run.report.available.map((a) => [a.name, a.version, a.classification, a.severity, a.security, a.repository]).sort(), [
      ["bosun-lib", "2.0-2", "Security", "Important", true, "test"],
      ["bosun-tool", "1.0-2", "Bugfix", "None", false, "test"],
    ]);
    assert.deepEqual(
      await world.installed(),
      { "bosun-lib": "2.0-1", "bosun-tool": "1.0-1", "bosun-cli": "3.1-1" },
      "a scan installs nothing",
    );
  });

  it("installs what the baseline approves, and only that", async () => {
    const run = await patch("Install");
    assert.match(run.lines.join("\n"), /Installing bosun-lib 2\.0-2\./);
    assert.deepEqual(await world.installed(), { "bosun-lib": "2.0-2", "bosun-tool": "1.0-1", "bosun-cli": "3.1-1" });
    const lib = run.report.patches.find((p) => p.title === "bosun-lib");
    assert.deepEqual([lib?.state, lib?.version], ["INSTALLED", "2.0-2"]);
    assert.equal(run.reboot, false);
  });
});
