/**
 * @module The predefined baselines, one or more per operating system, as SSM publishes them: stored data that every
 * account sees and none can change. Each is a node's baseline until the account registers another as the default
 * for its operating system or names one for the node's patch group. Their ids are ARNs with no account, as Amazon's
 * documents have (docs/decisions/024-patch-baselines.md).
 */
import { createHash } from "node:crypto";
import type { Scope } from "../../core/store/scope.ts";
import type { BaselineBody, OperatingSystem, PatchRule } from "./patch-shapes.ts";

export interface PredefinedBaseline {
  name: string;
  operatingSystem: OperatingSystem;
  /** The one an account's nodes of this system use until the account registers another. */
  default: boolean;
  body: BaselineBody;
}

const rule = (filters: Record<string, string[]>, days: number, extra: Partial<PatchRule> = {}): PatchRule => ({
  PatchFilterGroup: { PatchFilters: Object.entries(filters).map(([Key, Values]) => ({ Key: Key as never, Values })) },
  ApproveAfterDays: days,
  ComplianceLevel: "UNSPECIFIED",
  EnableNonSecurity: false,
  ...extra,
});

/** Security advisories of the given severities and bug fixes, a week after release: the RPM family's default. */
const rpmDefault = (description: string, severities: string[]): BaselineBody => ({
  Description: description,
  ApprovalRules: {
    PatchRules: [
      rule({ PRODUCT: ["*"], CLASSIFICATION: ["Security"], SEVERITY: severities }, 7),
      rule({ PRODUCT: ["*"], CLASSIFICATION: ["Bugfix"] }, 7),
    ],
  },
});

/** Security updates of every priority as soon as they are out (the archives carry no release dates). */
const debDefault = (system: string): BaselineBody => ({
  Description: `Default Patch Baseline for ${system} Provided by AWS.`,
  ApprovalRules: {
    PatchRules: [rule({ PRODUCT: ["*"], SECTION: ["*"], PRIORITY: ["Required", "Important", "Standard", "Optional", "Extra"] }, 0)],
  },
});

const windowsRules = (description: string): BaselineBody => ({
  Description: description,
  ApprovalRules: {
    PatchRules: [
      rule(
        {
          PATCH_SET: ["OS"],
          PRODUCT: ["*"],
          CLASSIFICATION: ["CriticalUpdates", "SecurityUpdates"],
          MSRC_SEVERITY: ["Critical", "Important"],
        },
        7,
      ),
    ],
  },
});

export const predefinedBaselines: readonly PredefinedBaseline[] = [
  {
    name: "AWS-DefaultPatchBaseline",
    operatingSystem: "WINDOWS",
    default: false,
    body: windowsRules("Default Patch Baseline Provided by AWS."),
  },
  {
    name: "AWS-WindowsPredefinedPatchBaseline-OS",
    operatingSystem: "WINDOWS",
    default: true,
    body: windowsRules("Windows operating system patches that are classified as CriticalUpdates or SecurityUpdates."),
  },
  {
    name: "AWS-AmazonLinuxDefaultPatchBaseline",
    operatingSystem: "AMAZON_LINUX",
    default: true,
    body: rpmDefault("Default Patch Baseline for Amazon Linux Provided by AWS.", ["Critical", "Important"]),
  },
  {
    name: "AWS-AmazonLinux2DefaultPatchBaseline",
    operatingSystem: "AMAZON_LINUX_2",
    default: true,
    body: rpmDefault("Default Patch Baseline for Amazon Linux 2 Provided by AWS.", ["Critical", "Important"]),
  },
  {
    name: "AWS-AmazonLinux2022DefaultPatchBaseline",
    operatingSystem: "AMAZON_LINUX_2022",
    default: true,
    body: rpmDefault("Default Patch Baseline for Amazon Linux 2022 Provided by AWS.", ["Critical", "Important"]),
  },
  {
    name: "AWS-AmazonLinux2023DefaultPatchBaseline",
    operatingSystem: "AMAZON_LINUX_2023",
    default: true,
    body: rpmDefault("Default Patch Baseline for Amazon Linux 2023 Provided by AWS.", ["Critical", "Important"]),
  },
  {
    name: "AWS-RedHatDefaultPatchBaseline",
    operatingSystem: "REDHAT_ENTERPRISE_LINUX",
    default: true,
    body: rpmDefault("Default Patch Baseline for Redhat Enterprise Linux Provided by AWS.", ["Critical", "Important"]),
  },
  {
    name: "AWS-CentOSDefaultPatchBaseline",
    operatingSystem: "CENTOS",
    default: true,
    body: {
      Description: "Default Patch Baseline for CentOS Provided by AWS.",
      ApprovalRules: { PatchRules: [rule({ PRODUCT: ["*"], CLASSIFICATION: ["*"], SEVERITY: ["*"] }, 7, { EnableNonSecurity: true })] },
    },
  },
  {
    name: "AWS-OracleLinuxDefaultPatchBaseline",
    operatingSystem: "ORACLE_LINUX",
    default: true,
    body: rpmDefault("Default Patch Baseline for Oracle Linux Provided by AWS.", ["Important", "Moderate"]),
  },
  {
    name: "AWS-RockyLinuxDefaultPatchBaseline",
    operatingSystem: "ROCKY_LINUX",
    default: true,
    body: rpmDefault("Default Patch Baseline for Rocky Linux Provided by AWS.", ["Critical", "Important"]),
  },
  {
    name: "AWS-AlmaLinuxDefaultPatchBaseline",
    operatingSystem: "ALMA_LINUX",
    default: true,
    body: rpmDefault("Default Patch Baseline for Alma Linux Provided by AWS.", ["Critical", "Important"]),
  },
  {
    name: "AWS-SuseDefaultPatchBaseline",
    operatingSystem: "SUSE",
    default: true,
    body: {
      Description: "Default Patch Baseline for Suse Provided by AWS.",
      ApprovalRules: {
        PatchRules: [
          rule({ PRODUCT: ["*"], CLASSIFICATION: ["Security"], SEVERITY: ["Critical", "Important"] }, 7),
          rule({ PRODUCT: ["*"], CLASSIFICATION: ["Recommended"], SEVERITY: ["Important", "Moderate"] }, 7),
        ],
      },
    },
  },
  { name: "AWS-UbuntuDefaultPatchBaseline", operatingSystem: "UBUNTU", default: true, body: debDefault("Ubuntu") },
  { name: "AWS-DebianDefaultPatchBaseline", operatingSystem: "DEBIAN", default: true, body: debDefault("Debian") },
  { name: "AWS-RaspbianDefaultPatchBaseline", operatingSystem: "RASPBIAN", default: true, body: debDefault("Raspberry Pi OS") },
  {
    name: "AWS-MacOSDefaultPatchBaseline",
    operatingSystem: "MACOS",
    default: true,
    body: {
      Description: "Default Patch Baseline for MacOS Provided by AWS.",
      ApprovalRules: { PatchRules: [rule({ PRODUCT: ["*"], CLASSIFICATION: ["*"] }, 0, { EnableNonSecurity: true })] },
    },
  },
];

/** A predefined baseline's short id: stable, from its name. */
const shortId = (name: string): string => `pb-0${createHash("sha256").update(name).digest("hex").slice(0, 16)}`;

/** A predefined baseline's id in a Region: an ARN with no account, as the AWS CLI shows Amazon's baselines. */
export const predefinedBaselineId = (scope: Scope, baseline: PredefinedBaseline): string =>
  `arn:aws:ssm:${scope.region}::patchbaseline/${shortId(baseline.name)}`;

/** The predefined baseline an id names: its ARN in the caller's Region, or its short `pb-` id. */
export function findPredefined(scope: Scope, id: string): PredefinedBaseline | undefined {
  return predefinedBaselines.find((baseline) => id === predefinedBaselineId(scope, baseline) || id === shortId(baseline.name));
}

/** The predefined default of an operating system. */
export function predefinedDefault(os: OperatingSystem): PredefinedBaseline {
  const found = predefinedBaselines.find((baseline) => baseline.operatingSystem === os && baseline.default);
  if (!found) throw new Error(`No predefined default baseline for ${os}.`);
  return found;
}
