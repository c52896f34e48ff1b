/**
 * @module What Patch Manager's actions share: the model's shapes for baselines (filters, rules, sources), the
 * operating systems, the ids and ARNs of baselines, and the checks the model cannot express — which filter keys an
 * operating system knows, one approval delay per rule, and a date that is a date.
 */
import { randomBytes } from "node:crypto";
import { Type } from "@sinclair/typebox";
import { ValidationException } from "../../../protocol/errors/errors.ts";
import {
  type BaselineBody,
  complianceLevels,
  type FilterKey,
  filterKeys,
  type OperatingSystem,
  operatingSystems,
} from "../../../protocol/patch/baseline.ts";
import type { Keyring } from "../../core/crypto/keyring.ts";
import type { Scope } from "../../core/store/scope.ts";
import { AwsBoolean, AwsEnum, AwsInteger, AwsList, AwsString } from "../../core/validation/aws-shapes.ts";
import type { ManagedNodesCapability } from "../managed-nodes/index.ts";
import type { TagStore } from "../tags/index.ts";
import type { PatchBaselineStore } from "./patch-baseline-store.ts";
import type { PatchCatalogStore } from "./patch-catalog-store.ts";
import type { PatchStateStore } from "./patch-state-store.ts";

export interface PatchDeps {
  store: PatchBaselineStore;
  states: PatchStateStore;
  catalog: PatchCatalogStore;
  tags: TagStore;
  nodes: ManagedNodesCapability;
  keyring: Keyring;
}

export type {
  BaselineBody,
  ComplianceLevel,
  FilterKey,
  OperatingSystem,
  PatchFilter,
  PatchRule,
} from "../../../protocol/patch/baseline.ts";

export const OperatingSystemShape = () => AwsEnum(operatingSystems);
export const BaselineIdShape = () => AwsString({ min: 20, max: 128, pattern: "^[a-zA-Z0-9_\\-:/]{20,128}$" });
export const BaselineNameShape = () => AwsString({ min: 3, max: 128, pattern: "^[a-zA-Z0-9_\\-.]{3,128}$" });
export const PatchGroupShape = () => AwsString({ min: 1, max: 256, pattern: "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$" });
export const PatchIdListShape = () => AwsList(AwsString({ min: 1, max: 100 }), { min: 0, max: 50 });

const PatchFilterGroupShape = () =>
  Type.Object({
    PatchFilters: AwsList(Type.Object({ Key: AwsEnum(filterKeys), Values: AwsList(AwsString({ min: 1, max: 64 }), { min: 1, max: 20 }) }), {
      min: 0,
      max: 4,
    }),
  });

const PatchRuleGroupShape = () =>
  Type.Object({
    PatchRules: AwsList(
      Type.Object({
        PatchFilterGroup: PatchFilterGroupShape(),
        ComplianceLevel: Type.Optional(AwsEnum(complianceLevels)),
        ApproveAfterDays: Type.Optional(AwsInteger({ min: 0, max: 360 })),
        ApproveUntilDate: Type.Optional(AwsString({ min: 1, max: 10 })),
        EnableNonSecurity: Type.Optional(AwsBoolean()),
      }),
      { min: 0, max: 10 },
    ),
  });

const PatchSourcesShape = () =>
  AwsList(
    Type.Object({
      Name: AwsString({ pattern: "^[a-zA-Z0-9_\\-.]{3,50}$" }),
      Products: AwsList(AwsString({ min: 1, max: 128 }), { min: 1, max: 20 }),
      Configuration: AwsString({ min: 1, max: 1024, sensitive: true }),
    }),
    { min: 0, max: 20 },
  );

/** The members a baseline's body is made of: CreatePatchBaseline's and UpdatePatchBaseline's alike. */
export const baselineBodyMembers = () => ({
  GlobalFilters: Type.Optional(PatchFilterGroupShape()),
  ApprovalRules: Type.Optional(PatchRuleGroupShape()),
  ApprovedPatches: Type.Optional(PatchIdListShape()),
  ApprovedPatchesComplianceLevel: Type.Optional(AwsEnum(complianceLevels)),
  ApprovedPatchesEnableNonSecurity: Type.Optional(AwsBoolean()),
  RejectedPatches: Type.Optional(PatchIdListShape()),
  RejectedPatchesAction: Type.Optional(AwsEnum(["ALLOW_AS_DEPENDENCY", "BLOCK"] as const)),
  Description: Type.Optional(AwsString({ min: 1, max: 1024 })),
  Sources: Type.Optional(PatchSourcesShape()),
  AvailableSecurityUpdatesComplianceStatus: Type.Optional(AwsEnum(["COMPLIANT", "NON_COMPLIANT"] as const)),
});

/** The fields every baseline has, with SSM's defaults. */
export function withDefaults(body: BaselineBody): BaselineBody {
  return {
    ...body,
    GlobalFilters: body.GlobalFilters ?? { PatchFilters: [] },
    ApprovalRules: body.ApprovalRules ?? { PatchRules: [] },
    ApprovedPatches: body.ApprovedPatches ?? [],
    ApprovedPatchesComplianceLevel: body.ApprovedPatchesComplianceLevel ?? "UNSPECIFIED",
    ApprovedPatchesEnableNonSecurity: body.ApprovedPatchesEnableNonSecurity ?? false,
    RejectedPatches: body.RejectedPatches ?? [],
    RejectedPatchesAction: body.RejectedPatchesAction ?? "ALLOW_AS_DEPENDENCY",
    Sources: body.Sources ?? [],
  };
}

const windows = ["PATCH_SET", "PRODUCT", "PRODUCT_FAMILY", "CLASSIFICATION", "MSRC_SEVERITY", "PATCH_ID"] as const;
const debianFamily = ["PRODUCT", "SECTION", "PRIORITY", "NAME"] as const;
const rpmFamily = [
  "PRODUCT",
  "CLASSIFICATION",
  "SEVERITY",
  "ADVISORY_ID",
  "ARCH",
  "BUGZILLA_ID",
  "CVE_ID",
  "EPOCH",
  "NAME",
  "RELEASE",
  "REPOSITORY",
  "SECURITY",
  "VERSION",
] as const;

/** The filter keys each operating system's packages can be told apart by, as SSM's PatchFilter reference lists them. */
export const filterKeysOf: Record<OperatingSystem, readonly FilterKey[]> = {
  WINDOWS: windows,
  DEBIAN: debianFamily,
  UBUNTU: debianFamily,
  RASPBIAN: debianFamily,
  AMAZON_LINUX: rpmFamily,
  AMAZON_LINUX_2: rpmFamily,
  AMAZON_LINUX_2022: rpmFamily,
  AMAZON_LINUX_2023: rpmFamily,
  REDHAT_ENTERPRISE_LINUX: rpmFamily,
  CENTOS: rpmFamily,
  ORACLE_LINUX: rpmFamily,
  ROCKY_LINUX: rpmFamily,
  ALMA_LINUX: rpmFamily,
  SUSE: ["PRODUCT", "CLASSIFICATION", "SEVERITY", "ARCH", "EPOCH", "NAME", "RELEASE", "VERSION"],
  MACOS: ["PRODUCT", "CLASSIFICATION"],
};

/**
 * What a body must satisfy beyond the model, for its operating system: filter keys the system knows, each at most
 * once per group; one approval delay per rule (days or a date, `YYYY-MM-DD`); sources on Linux only.
 */
export function checkBody(os: OperatingSystem, body: BaselineBody): void {
  const groups = [
    { where: "GlobalFilters", filters: body.GlobalFilters?.PatchFilters ?? [] },
    ...(body.ApprovalRules?.PatchRules ?? []).map((rule, at) => ({
      where: `ApprovalRules.PatchRules[${at}]`,
      filters: rule.PatchFilterGroup.PatchFilters,
    })),
  ];
  for (const { where, filters } of groups) {
    const seen = new Set<string>();
    for (const filter of filters) {
      if (!filterKeysOf[os].includes(filter.Key))
        throw new ValidationException(`The patch filter key ${filter.Key} in ${where} is not supported for operating system ${os}.`);
      if (seen.has(filter.Key)) throw new ValidationException(`The patch filter key ${filter.Key} appears more than once in ${where}.`);
      seen.add(filter.Key);
    }
  }
  for (const [at, rule] of (body.ApprovalRules?.PatchRules ?? []).entries()) {
    const days = rule.ApproveAfterDays !== undefined;
    const until = rule.ApproveUntilDate !== undefined;
    if (days === until)
      throw new ValidationException(`ApprovalRules.PatchRules[${at}] must have exactly one of ApproveAfterDays and ApproveUntilDate.`);
    if (until && !isCalendarDate(rule.ApproveUntilDate ?? ""))
      throw new ValidationException(
        `ApproveUntilDate ${rule.ApproveUntilDate} in ApprovalRules.PatchRules[${at}] is not a date (YYYY-MM-DD).`,
      );
  }
  if (os === "WINDOWS" && (body.Sources?.length ?? 0) > 0)
    throw new ValidationException("Sources apply to Linux operating systems only, not to WINDOWS.");
}

/** A real day of the calendar written `YYYY-MM-DD`. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text);
}

/** A new baseline's id: `pb-` and 17 hex digits, as SSM makes them. */
export const newBaselineId = (): string => `pb-${randomBytes(9).toString("hex").slice(0, 17)}`;

/** A baseline of the account's own, as IAM names it. */
export const patchBaselineArn = (scope: Scope, baselineId: string): string =>
  `arn:aws:ssm:${scope.region}:${scope.accountId}:patchbaseline/${baselineId}`;

/** Patch Manager's listings span the account: IAM authorizes them on `*`, as SSM's have no resource type. */
export const patchListingArn = (_scope: Scope): string => "*";

/** The resource type tags know baselines by. */
export const patchBaselineResourceType = "PatchBaseline";
