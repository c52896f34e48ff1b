/**
 * @module A patch baseline as data, shared by the server (which keeps and serves baselines) and the agent (which
 * applies one): the operating systems, filter keys and compliance levels of SSM's model, and a baseline's body.
 */

export const operatingSystems = [
  "WINDOWS",
  "AMAZON_LINUX",
  "AMAZON_LINUX_2",
  "AMAZON_LINUX_2022",
  "UBUNTU",
  "REDHAT_ENTERPRISE_LINUX",
  "SUSE",
  "CENTOS",
  "ORACLE_LINUX",
  "DEBIAN",
  "MACOS",
  "RASPBIAN",
  "ROCKY_LINUX",
  "ALMA_LINUX",
  "AMAZON_LINUX_2023",
] as const;
export type OperatingSystem = (typeof operatingSystems)[number];

export const complianceLevels = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNSPECIFIED"] as const;
export type ComplianceLevel = (typeof complianceLevels)[number];

export const filterKeys = [
  "ARCH",
  "ADVISORY_ID",
  "BUGZILLA_ID",
  "PATCH_SET",
  "PRODUCT",
  "PRODUCT_FAMILY",
  "CLASSIFICATION",
  "CVE_ID",
  "EPOCH",
  "MSRC_SEVERITY",
  "NAME",
  "PATCH_ID",
  "SECTION",
  "PRIORITY",
  "REPOSITORY",
  "RELEASE",
  "SEVERITY",
  "SECURITY",
  "VERSION",
] as const;
export type FilterKey = (typeof filterKeys)[number];

export interface PatchFilter {
  Key: FilterKey;
  Values: string[];
}

export interface PatchRule {
  PatchFilterGroup: { PatchFilters: PatchFilter[] };
  ComplianceLevel?: ComplianceLevel;
  ApproveAfterDays?: number;
  ApproveUntilDate?: string;
  EnableNonSecurity?: boolean;
}

/** CreatePatchBaseline's members that say what a baseline approves (and its description and sources). */
export interface BaselineBody {
  GlobalFilters?: { PatchFilters: PatchFilter[] };
  ApprovalRules?: { PatchRules: PatchRule[] };
  ApprovedPatches?: string[];
  ApprovedPatchesComplianceLevel?: ComplianceLevel;
  ApprovedPatchesEnableNonSecurity?: boolean;
  RejectedPatches?: string[];
  RejectedPatchesAction?: "ALLOW_AS_DEPENDENCY" | "BLOCK";
  Description?: string;
  Sources?: { Name: string; Products: string[]; Configuration: string }[];
  AvailableSecurityUpdatesComplianceStatus?: "COMPLIANT" | "NON_COMPLIANT";
}

/** The baseline a node is to apply, as the server puts it into the node's aws:runPatchBaseline step (`bosunBaseline`). */
export interface NodeBaseline {
  /** `pb-…`, or a predefined baseline's ARN. */
  baselineId: string;
  /** The node's patch group; empty when it has none. */
  patchGroup: string;
  operatingSystem: OperatingSystem;
  body: BaselineBody;
}
