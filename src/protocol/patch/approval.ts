/**
 * @module Whether a baseline approves a patch, and since when: SSM's rules in one pure function, which DescribeEffective
 * PatchesForPatchBaseline answers with and a node's scan applies. In order: the rejected list wins; the approved list
 * approves; global filters must all hold, or the baseline does not consider the patch; then each approval rule whose
 * filters all hold approves it ApproveAfterDays after its release, or when it was released by ApproveUntilDate.
 */
import type { BaselineBody, ComplianceLevel, FilterKey, OperatingSystem, PatchFilter, PatchRule } from "./baseline.ts";

/** What is known of one patch: a package update on Linux, an update on Windows. */
export interface PatchFacts {
  /** The id the lists name it by (the package name on Linux, the KB on Windows). */
  id: string;
  name: string;
  version?: string;
  release?: string;
  epoch?: number;
  arch?: string;
  product?: string;
  productFamily?: string;
  classification?: string;
  severity?: string;
  msrcSeverity?: string;
  priority?: string;
  section?: string;
  repository?: string;
  patchSet?: "OS" | "APPLICATION";
  advisoryIds?: string[];
  bugzillaIds?: string[];
  cveIds?: string[];
  /** From a security archive (Debian, Ubuntu) or a security advisory (the RPM family). */
  security: boolean;
  /** Milliseconds since the epoch; undefined where the repository has no dates (Debian and Ubuntu archives). */
  releaseDate?: number;
}

export type DeploymentStatus = "APPROVED" | "PENDING_APPROVAL" | "EXPLICIT_APPROVED" | "EXPLICIT_REJECTED";

export interface Verdict {
  status: DeploymentStatus;
  complianceLevel: ComplianceLevel;
  /** When the patch is (or will be) approved, where that is known. */
  approvalDate?: number;
}

const day = 86_400_000;
const severityOrder: readonly ComplianceLevel[] = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNSPECIFIED"];

/** The values a filter key reads from a patch; none when the patch does not say. */
function valuesOf(patch: PatchFacts, key: FilterKey): string[] {
  const one = (value: string | number | undefined) => (value === undefined ? [] : [String(value)]);
  switch (key) {
    case "PRODUCT":
      return one(patch.product);
    case "PRODUCT_FAMILY":
      return one(patch.productFamily);
    case "CLASSIFICATION":
      return one(patch.classification);
    case "SEVERITY":
      return one(patch.severity);
    case "MSRC_SEVERITY":
      return one(patch.msrcSeverity);
    case "PRIORITY":
      return one(patch.priority);
    case "SECTION":
      return one(patch.section);
    case "NAME":
      return [patch.name];
    case "PATCH_ID":
      return [patch.id];
    case "ARCH":
      return one(patch.arch);
    case "EPOCH":
      return one(patch.epoch);
    case "VERSION":
      return one(patch.version);
    case "RELEASE":
      return one(patch.release);
    case "REPOSITORY":
      return one(patch.repository);
    case "PATCH_SET":
      return one(patch.patchSet ?? "OS");
    case "SECURITY":
      return [patch.security ? "SecurityUpdates" : "NonSecurityUpdates"];
    case "ADVISORY_ID":
      return patch.advisoryIds ?? [];
    case "BUGZILLA_ID":
      return patch.bugzillaIds ?? [];
    case "CVE_ID":
      return patch.cveIds ?? [];
  }
}

/** A filter value with `*` wildcards, compared without regard to case, as SSM compares them. */
export function globMatches(pattern: string, value: string): boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`, "is").test(value);
}

/** A filter holds when one of its values matches one of the patch's; `*` also matches a patch that does not say. */
function filterHolds(patch: PatchFacts, filter: PatchFilter): boolean {
  const values = valuesOf(patch, filter.Key);
  if (values.length === 0) return filter.Values.includes("*");
  return filter.Values.some((pattern) => values.some((value) => globMatches(pattern, value)));
}

const allHold = (patch: PatchFacts, filters: readonly PatchFilter[]) => filters.every((filter) => filterHolds(patch, filter));

/** Whether an Approved/RejectedPatches entry names the patch: its id, its name, or `name=version`, with wildcards. */
export function listNames(entries: readonly string[], patch: PatchFacts): boolean {
  const names = [patch.id, patch.name, ...(patch.version ? [`${patch.name}=${patch.version}`, `${patch.name}_${patch.version}`] : [])];
  return entries.some((entry) => names.some((name) => globMatches(entry, name)));
}

/**
 * Whether a rule may approve the patch at all: security updates always; others only with EnableNonSecurity, or when
 * the patch carries an advisory classification the rule filters on (the RPM family's Bugfix advisories).
 */
function ruleCovers(rule: PatchRule, patch: PatchFacts): boolean {
  if (!allHold(patch, rule.PatchFilterGroup.PatchFilters)) return false;
  if (patch.security || rule.EnableNonSecurity) return true;
  return patch.classification !== undefined && rule.PatchFilterGroup.PatchFilters.some((filter) => filter.Key === "CLASSIFICATION");
}

/** When a rule approves the patch: a time, or "now" when the rule has no delay and the patch no date; null never. */
function approvalTime(rule: PatchRule, patch: PatchFacts): number | "now" | null {
  if (rule.ApproveUntilDate !== undefined) {
    if (patch.releaseDate === undefined) return null;
    const lastDay = Date.parse(`${rule.ApproveUntilDate}T00:00:00Z`) + day - 1;
    return patch.releaseDate <= lastDay ? patch.releaseDate : null;
  }
  const days = rule.ApproveAfterDays ?? 0;
  if (patch.releaseDate === undefined) return days === 0 ? "now" : null;
  return patch.releaseDate + days * day;
}

const moreSevere = (a: ComplianceLevel, b: ComplianceLevel) => (severityOrder.indexOf(a) <= severityOrder.indexOf(b) ? a : b);

/**
 * What the baseline says of the patch at `now`; undefined when the baseline does not consider it (its global filters
 * exclude it, or no rule covers it and no list names it).
 */
export function judge(os: OperatingSystem, baseline: BaselineBody, patch: PatchFacts, now: number): Verdict | undefined {
  if (listNames(baseline.RejectedPatches ?? [], patch)) return { status: "EXPLICIT_REJECTED", complianceLevel: "UNSPECIFIED" };
  const nonSecurityListed = os === "WINDOWS" || patch.security || baseline.ApprovedPatchesEnableNonSecurity === true;
  if (nonSecurityListed && listNames(baseline.ApprovedPatches ?? [], patch))
    return { status: "EXPLICIT_APPROVED", complianceLevel: baseline.ApprovedPatchesComplianceLevel ?? "UNSPECIFIED" };
  if (!allHold(patch, baseline.GlobalFilters?.PatchFilters ?? [])) return undefined;
  const covering = (baseline.ApprovalRules?.PatchRules ?? []).filter((rule) => ruleCovers(rule, patch));
  if (covering.length === 0) return undefined;
  let approved: Verdict | undefined;
  let pending: Verdict | undefined;
  for (const rule of covering) {
    const level = rule.ComplianceLevel ?? "UNSPECIFIED";
    const at = approvalTime(rule, patch);
    if (at === "now" || (at !== null && at <= now)) {
      const date = at === "now" ? undefined : at;
      approved = approved
        ? {
            status: "APPROVED",
            complianceLevel: moreSevere(approved.complianceLevel, level),
            ...(earliest(approved.approvalDate, date) !== undefined ? { approvalDate: earliest(approved.approvalDate, date) } : {}),
          }
        : { status: "APPROVED", complianceLevel: level, ...(date !== undefined ? { approvalDate: date } : {}) };
    } else if (!pending || (at !== null && (pending.approvalDate === undefined || at < pending.approvalDate))) {
      pending = { status: "PENDING_APPROVAL", complianceLevel: level, ...(at !== null ? { approvalDate: at } : {}) };
    }
  }
  return approved ?? pending;
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
