/**
 * @module What compliance's actions share: the model's shapes, SSM's filters (a key, values and an operator, every
 * filter must hold), and the severity order summaries count by.
 */
import { Type } from "@sinclair/typebox";
import { InvalidFilter } from "../../../protocol/errors/errors.ts";
import type { Keyring } from "../../core/crypto/keyring.ts";
import type { Scope } from "../../core/store/scope.ts";
import { AwsEnum, AwsInteger, AwsList, AwsString, NextTokenShape } from "../../core/validation/aws-shapes.ts";
import type { ManagedNodesCapability } from "../managed-nodes/index.ts";
import type { ComplianceStore, ItemWithUpload } from "./compliance-store.ts";

export interface ComplianceDeps {
  store: ComplianceStore;
  nodes: ManagedNodesCapability;
  keyring: Keyring;
}

/** Compliance listings span the account: IAM authorizes them on `*`, as SSM's have no resource type. */
export const complianceArn = (_scope: Scope): string => "*";

export const severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNSPECIFIED"] as const;
export type Severity = (typeof severities)[number];
export const statuses = ["COMPLIANT", "NON_COMPLIANT"] as const;
/** The one resource type SSM's compliance knows. */
export const managedInstance = "ManagedInstance";

export const ComplianceTypeShape = () => AwsString({ min: 1, max: 100, pattern: "[A-Za-z0-9_\\-]\\w+|Custom:[a-zA-Z0-9_\\-]\\w+" });

const operators = ["EQUAL", "NOT_EQUAL", "BEGIN_WITH", "LESS_THAN", "GREATER_THAN"] as const;

export const ComplianceFiltersShape = () =>
  Type.Optional(
    AwsList(
      Type.Object({
        Key: Type.Optional(AwsString({ min: 1, max: 200 })),
        Values: Type.Optional(AwsList(AwsString(), { min: 1, max: 20 })),
        Type: Type.Optional(AwsEnum(operators)),
      }),
    ),
  );

/** The input of the two summary listings: filters, and a page. */
export const SummaryListingInput = () =>
  Type.Object({
    Filters: ComplianceFiltersShape(),
    NextToken: Type.Optional(NextTokenShape()),
    MaxResults: Type.Optional(AwsInteger({ min: 1, max: 50 })),
  });

export interface ComplianceFilter {
  Key?: string;
  Values?: string[];
  Type?: (typeof operators)[number];
}

/**
 * The filters as one test of a record's fields. A key the listing does not know, or a filter without a key or values,
 * is InvalidFilter; a value holds when any of the filter's values matches (NOT_EQUAL: when none is equal).
 */
export function filterTest(
  filters: readonly ComplianceFilter[] | undefined,
  keys: readonly string[],
): (fields: Record<string, string | undefined>) => boolean {
  const tests = (filters ?? []).map((filter) => {
    if (!filter.Key || !keys.includes(filter.Key))
      throw new InvalidFilter(`The filter key ${filter.Key ?? "(none)"} is not valid here. Valid keys: ${keys.join(", ")}.`);
    if (!filter.Values || filter.Values.length === 0) throw new InvalidFilter(`The filter ${filter.Key} has no values.`);
    const key = filter.Key;
    const values = filter.Values;
    const operator = filter.Type ?? "EQUAL";
    return (fields: Record<string, string | undefined>) => {
      const field = fields[key] ?? "";
      switch (operator) {
        case "EQUAL":
          return values.includes(field);
        case "NOT_EQUAL":
          return !values.includes(field);
        case "BEGIN_WITH":
          return values.some((v) => field.startsWith(v));
        case "LESS_THAN":
          return values.some((v) => field < v);
        case "GREATER_THAN":
          return values.some((v) => field > v);
      }
    };
  });
  return (fields) => tests.every((test) => test(fields));
}

/** Counts by severity, as SSM's SeveritySummary names them. */
export function severitySummary(counted: readonly string[]) {
  const count = (severity: Severity) => counted.filter((s) => s === severity).length;
  return {
    CriticalCount: count("CRITICAL"),
    HighCount: count("HIGH"),
    MediumCount: count("MEDIUM"),
    LowCount: count("LOW"),
    InformationalCount: count("INFORMATIONAL"),
    UnspecifiedCount: count("UNSPECIFIED"),
  };
}

/** The most severe of some severities (UNSPECIFIED when there are none). */
export function highestSeverity(found: readonly string[]): Severity {
  return severities.find((s) => found.includes(s)) ?? "UNSPECIFIED";
}

/** An item as ListComplianceItems answers it. */
export function itemView(row: ItemWithUpload) {
  return {
    ComplianceType: row.compliance_type,
    ResourceType: row.resource_type,
    ResourceId: row.resource_id,
    Id: row.item_id,
    ...(row.title !== null ? { Title: row.title } : {}),
    Status: row.status,
    Severity: row.severity,
    ExecutionSummary: executionSummary(row),
    Details: row.details ? (JSON.parse(row.details) as Record<string, string>) : {},
  };
}

function executionSummary(row: Pick<ItemWithUpload, "execution_time" | "execution_id" | "execution_type">) {
  return {
    ExecutionTime: row.execution_time / 1000,
    ...(row.execution_id !== null ? { ExecutionId: row.execution_id } : {}),
    ...(row.execution_type !== null ? { ExecutionType: row.execution_type } : {}),
  };
}

/**
 * Per resource and compliance type: COMPLIANT when every item is; the overall severity is the most severe
 * non-compliant item's (or the most severe item's when all comply); items counted by status and severity. Read from
 * the counts each upload keeps, never from every item.
 */
export async function resourceSummaries(deps: ComplianceDeps, scope: Scope) {
  return (await deps.store.uploads(scope)).map((upload) => {
    const counts = JSON.parse(upload.counts ?? "{}") as Record<string, Partial<Record<Severity, number>>>;
    const compliant = counts.COMPLIANT ?? {};
    const nonCompliant: Partial<Record<Severity, number>> = {};
    for (const [status, bySeverity] of Object.entries(counts))
      if (status !== "COMPLIANT")
        for (const severity of severities) nonCompliant[severity] = (nonCompliant[severity] ?? 0) + (bySeverity[severity] ?? 0);
    const nonCompliantCount = total(nonCompliant);
    return {
      ComplianceType: upload.compliance_type,
      ResourceType: upload.resource_type,
      ResourceId: upload.resource_id,
      Status: nonCompliantCount === 0 ? "COMPLIANT" : "NON_COMPLIANT",
      OverallSeverity: mostSevere(nonCompliantCount > 0 ? nonCompliant : compliant),
      ExecutionSummary: executionSummary(upload),
      CompliantSummary: { CompliantCount: total(compliant), SeveritySummary: countedSummary(compliant) },
      NonCompliantSummary: { NonCompliantCount: nonCompliantCount, SeveritySummary: countedSummary(nonCompliant) },
    };
  });
}

const total = (bySeverity: Partial<Record<Severity, number>>) => severities.reduce((sum, s) => sum + (bySeverity[s] ?? 0), 0);
const mostSevere = (bySeverity: Partial<Record<Severity, number>>): Severity =>
  severities.find((s) => (bySeverity[s] ?? 0) > 0) ?? "UNSPECIFIED";

/** SSM's SeveritySummary from counts by severity. */
function countedSummary(bySeverity: Partial<Record<Severity, number>>) {
  return {
    CriticalCount: bySeverity.CRITICAL ?? 0,
    HighCount: bySeverity.HIGH ?? 0,
    MediumCount: bySeverity.MEDIUM ?? 0,
    LowCount: bySeverity.LOW ?? 0,
    InformationalCount: bySeverity.INFORMATIONAL ?? 0,
    UnspecifiedCount: bySeverity.UNSPECIFIED ?? 0,
  };
}
