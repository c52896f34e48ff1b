/**
 * Approval rules in table form: every filter key against a patch that has and one that lacks its field, each date
 * rule on both sides of its day, the lists' precedence, global filters, EnableNonSecurity, and how several rules
 * combine.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type DeploymentStatus, globMatches, judge, type PatchFacts } from "./approval.ts";
import type { BaselineBody, FilterKey, OperatingSystem, PatchRule } from "./baseline.ts";

const day = 86_400_000;
const now = Date.parse("2026-12-01T12:00:00Z");

/** An RPM update with every field SSM can filter on. */
const rpm: PatchFacts = {
  id: "openssl",
  name: "openssl",
  version: "3.0.7",
  release: "27.el9",
  epoch: 1,
  arch: "x86_64",
  product: "RockyLinux9",
  classification: "Security",
  severity: "Important",
  repository: "baseos",
  advisoryIds: ["RLSA-2026:1234"],
  bugzillaIds: ["2233445"],
  cveIds: ["CVE-2026-0001"],
  security: true,
  releaseDate: now - 10 * day,
};

/** A Debian update from the security archive: no release date, a priority and a section. */
const deb: PatchFacts = {
  id: "libssl3",
  name: "libssl3",
  version: "3.0.15-1~deb12u1",
  product: "Debian12",
  priority: "optional",
  section: "libs",
  security: true,
};

/** A Windows update. */
const kb: PatchFacts = {
  id: "KB5050001",
  name: "KB5050001",
  product: "WindowsServer2022",
  productFamily: "Windows",
  classification: "SecurityUpdates",
  msrcSeverity: "Critical",
  patchSet: "OS",
  security: true,
  releaseDate: now - 30 * day,
};

const rule = (filters: Partial<Record<FilterKey, string[]>>, delay: Partial<PatchRule> = { ApproveAfterDays: 0 }): PatchRule => ({
  PatchFilterGroup: { PatchFilters: Object.entries(filters).map(([Key, Values]) => ({ Key: Key as FilterKey, Values: Values ?? [] })) },
  ...delay,
});

const status = (os: OperatingSystem, body: BaselineBody, patch: PatchFacts): DeploymentStatus | "not considered" =>
  judge(os, body, patch, now)?.status ?? "not considered";

describe("approval rules", () => {
  it("matches each filter key on the patch's own field, with wildcards and without regard to case", () => {
    const table: [OperatingSystem, PatchFacts, FilterKey, string, boolean][] = [
      ["ROCKY_LINUX", rpm, "PRODUCT", "RockyLinux9", true],
      ["ROCKY_LINUX", rpm, "PRODUCT", "RockyLinux8", false],
      ["ROCKY_LINUX", rpm, "CLASSIFICATION", "security", true],
      ["ROCKY_LINUX", rpm, "CLASSIFICATION", "Bugfix", false],
      ["ROCKY_LINUX", rpm, "SEVERITY", "Important", true],
      ["ROCKY_LINUX", rpm, "SEVERITY", "Low", false],
      ["ROCKY_LINUX", rpm, "NAME", "open*", true],
      ["ROCKY_LINUX", rpm, "NAME", "kernel", false],
      ["ROCKY_LINUX", rpm, "ARCH", "x86_64", true],
      ["ROCKY_LINUX", rpm, "ARCH", "aarch64", false],
      ["ROCKY_LINUX", rpm, "EPOCH", "1", true],
      ["ROCKY_LINUX", rpm, "EPOCH", "0", false],
      ["ROCKY_LINUX", rpm, "VERSION", "3.0.*", true],
      ["ROCKY_LINUX", rpm, "VERSION", "1.1.1", false],
      ["ROCKY_LINUX", rpm, "RELEASE", "*.el9", true],
      ["ROCKY_LINUX", rpm, "RELEASE", "*.el8", false],
      ["ROCKY_LINUX", rpm, "REPOSITORY", "baseos", true],
      ["ROCKY_LINUX", rpm, "REPOSITORY", "appstream", false],
      ["ROCKY_LINUX", rpm, "ADVISORY_ID", "RLSA-2026:1234", true],
      ["ROCKY_LINUX", rpm, "ADVISORY_ID", "RLSA-2026:9999", false],
      ["ROCKY_LINUX", rpm, "BUGZILLA_ID", "2233445", true],
      ["ROCKY_LINUX", rpm, "BUGZILLA_ID", "1", false],
      ["ROCKY_LINUX", rpm, "CVE_ID", "CVE-2026-*", true],
      ["ROCKY_LINUX", rpm, "CVE_ID", "CVE-2025-*", false],
      ["ROCKY_LINUX", rpm, "SECURITY", "SecurityUpdates", true],
      ["ROCKY_LINUX", rpm, "SECURITY", "NonSecurityUpdates", false],
      ["DEBIAN", deb, "PRIORITY", "Optional", true],
      ["DEBIAN", deb, "PRIORITY", "Required", false],
      ["DEBIAN", deb, "SECTION", "libs", true],
      ["DEBIAN", deb, "SECTION", "admin", false],
      ["DEBIAN", deb, "PRODUCT", "Debian*", true],
      ["WINDOWS", kb, "MSRC_SEVERITY", "Critical", true],
      ["WINDOWS", kb, "MSRC_SEVERITY", "Low", false],
      ["WINDOWS", kb, "PRODUCT_FAMILY", "Windows", true],
      ["WINDOWS", kb, "PRODUCT_FAMILY", "Office", false],
      ["WINDOWS", kb, "PATCH_SET", "OS", true],
      ["WINDOWS", kb, "PATCH_SET", "APPLICATION", false],
      ["WINDOWS", kb, "PATCH_ID", "KB5050*", true],
      ["WINDOWS", kb, "PATCH_ID", "KB4*", false],
      ["WINDOWS", kb, "CLASSIFICATION", "SecurityUpdates", true],
      // A field the patch does not have: only `*` holds.
      ["DEBIAN", deb, "CLASSIFICATION", "*", true],
      ["DEBIAN", deb, "CLASSIFICATION", "Security", false],
      ["ROCKY_LINUX", rpm, "PRIORITY", "*", true],
      ["ROCKY_LINUX", rpm, "PRIORITY", "Required", false],
    ];
    for (const [os, patch, key, value, approved] of table) {
      const body: BaselineBody = { ApprovalRules: { PatchRules: [rule({ [key]: [value] })] } };
      assert.equal(status(os, body, patch), approved ? "APPROVED" : "not considered", `${key}=${value} on ${patch.id}`);
    }
  });

  it("approves ApproveAfterDays after release, and by ApproveUntilDate what was released by that day", () => {
    const released = rpm.releaseDate ?? 0;
    const table: [string, Partial<PatchRule>, PatchFacts, DeploymentStatus | "not considered", number | undefined][] = [
      ["no delay", { ApproveAfterDays: 0 }, rpm, "APPROVED", released],
      ["the delay has passed", { ApproveAfterDays: 7 }, rpm, "APPROVED", released + 7 * day],
      ["the delay ends today", { ApproveAfterDays: 10 }, rpm, "APPROVED", released + 10 * day],
      ["the delay has not passed", { ApproveAfterDays: 11 }, rpm, "PENDING_APPROVAL", released + 11 * day],
      ["released before the date", { ApproveUntilDate: "2026-11-25" }, rpm, "APPROVED", released],
      ["released on the date", { ApproveUntilDate: "2026-11-21" }, rpm, "APPROVED", released],
      ["released after the date", { ApproveUntilDate: "2026-11-20" }, rpm, "PENDING_APPROVAL", undefined],
      // Debian's archives have no dates: no delay approves, a delay or a date never does.
      ["no date, no delay", { ApproveAfterDays: 0 }, deb, "APPROVED", undefined],
      ["no date, a delay", { ApproveAfterDays: 7 }, deb, "PENDING_APPROVAL", undefined],
      ["no date, an until date", { ApproveUntilDate: "2026-11-25" }, deb, "PENDING_APPROVAL", undefined],
    ];
    for (const [what, delay, patch, expected, date] of table) {
      const verdict = judge("ROCKY_LINUX", { ApprovalRules: { PatchRules: [rule({ PRODUCT: ["*"] }, delay)] } }, patch, now);
      assert.equal(verdict?.status, expected, what);
      assert.equal(verdict?.approvalDate, date, `${what}: the approval date`);
    }
  });

  it("puts the rejected list first, then the approved list, then global filters and rules", () => {
    const approveAll = { ApprovalRules: { PatchRules: [rule({ PRODUCT: ["*"] })] } };
    const table: [string, BaselineBody, PatchFacts, DeploymentStatus | "not considered"][] = [
      ["a rule approves", approveAll, rpm, "APPROVED"],
      ["rejected by name beats every rule", { ...approveAll, RejectedPatches: ["openssl"] }, rpm, "EXPLICIT_REJECTED"],
      ["rejected beats approved", { RejectedPatches: ["open*"], ApprovedPatches: ["openssl"] }, rpm, "EXPLICIT_REJECTED"],
      ["rejected by name=version", { RejectedPatches: ["libssl3=3.0.15-1~deb12u1"] }, deb, "EXPLICIT_REJECTED"],
      ["approved by name with no rule", { ApprovedPatches: ["openssl"] }, rpm, "EXPLICIT_APPROVED"],
      ["approved by KB", { ApprovedPatches: ["KB5050001"] }, kb, "EXPLICIT_APPROVED"],
      [
        "a global filter excludes it",
        { ...approveAll, GlobalFilters: { PatchFilters: [{ Key: "PRODUCT", Values: ["RockyLinux8"] }] } },
        rpm,
        "not considered",
      ],
      [
        "a global filter keeps it",
        { ...approveAll, GlobalFilters: { PatchFilters: [{ Key: "PRODUCT", Values: ["RockyLinux9"] }] } },
        rpm,
        "APPROVED",
      ],
      ["no rule covers it", { ApprovalRules: { PatchRules: [rule({ SEVERITY: ["Critical"] })] } }, rpm, "not considered"],
    ];
    for (const [what, body, patch, expected] of table) assert.equal(status("ROCKY_LINUX", body, patch), expected, what);
  });

  it("approves an update that is not a security one only where the rule or the list allows it", () => {
    const plain: PatchFacts = { ...deb, id: "vim", name: "vim", security: false };
    const bugfix: PatchFacts = { ...rpm, id: "bash", name: "bash", classification: "Bugfix", severity: undefined, security: false };
    const newer: PatchFacts = { ...rpm, id: "curl", name: "curl", classification: undefined, severity: undefined, security: false };
    const table: [string, OperatingSystem, BaselineBody, PatchFacts, DeploymentStatus | "not considered"][] = [
      [
        "a Debian update outside the security archive",
        "DEBIAN",
        { ApprovalRules: { PatchRules: [rule({ PRODUCT: ["*"] })] } },
        plain,
        "not considered",
      ],
      [
        "…with EnableNonSecurity",
        "DEBIAN",
        { ApprovalRules: { PatchRules: [rule({ PRODUCT: ["*"] }, { ApproveAfterDays: 0, EnableNonSecurity: true })] } },
        plain,
        "APPROVED",
      ],
      ["…named in the approved list", "DEBIAN", { ApprovedPatches: ["vim"] }, plain, "not considered"],
      [
        "…named, with ApprovedPatchesEnableNonSecurity",
        "DEBIAN",
        { ApprovedPatches: ["vim"], ApprovedPatchesEnableNonSecurity: true },
        plain,
        "EXPLICIT_APPROVED",
      ],
      [
        "a Bugfix advisory, by a rule on its classification",
        "ROCKY_LINUX",
        { ApprovalRules: { PatchRules: [rule({ CLASSIFICATION: ["Bugfix"] })] } },
        bugfix,
        "APPROVED",
      ],
      [
        "a newer package with no advisory",
        "ROCKY_LINUX",
        { ApprovalRules: { PatchRules: [rule({ PRODUCT: ["*"] })] } },
        newer,
        "not considered",
      ],
    ];
    for (const [what, os, body, patch, expected] of table) assert.equal(status(os, body, patch), expected, what);
  });

  it("combines rules: the earliest approval, and the most severe compliance level of the rules that approve", () => {
    const body: BaselineBody = {
      ApprovalRules: {
        PatchRules: [
          rule({ PRODUCT: ["*"] }, { ApproveAfterDays: 7, ComplianceLevel: "LOW" }),
          rule({ SEVERITY: ["Important"] }, { ApproveAfterDays: 2, ComplianceLevel: "CRITICAL" }),
          rule({ CLASSIFICATION: ["Security"] }, { ApproveAfterDays: 30, ComplianceLevel: "HIGH" }),
        ],
      },
    };
    const verdict = judge("ROCKY_LINUX", body, rpm, now);
    assert.deepEqual(verdict, { status: "APPROVED", complianceLevel: "CRITICAL", approvalDate: (rpm.releaseDate ?? 0) + 2 * day });
    const later = judge("ROCKY_LINUX", body, { ...rpm, releaseDate: now - day }, now);
    assert.deepEqual(later, { status: "PENDING_APPROVAL", complianceLevel: "CRITICAL", approvalDate: now - day + 2 * day });
  });

  it("reads wildcards as any run of characters and nothing else as special", () => {
    const table: [string, string, boolean][] = [
      ["*", "", true],
      ["lib*", "libssl3", true],
      ["*ssl*", "libssl3", true],
      ["lib.ssl", "libxssl", false],
      ["a+b", "a+b", true],
      ["KB(1)", "KB(1)", true],
      ["LIBSSL3", "libssl3", true],
    ];
    for (const [pattern, value, expected] of table) assert.equal(globMatches(pattern, value), expected, `${pattern} ~ ${value}`);
  });
});
