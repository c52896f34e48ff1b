/** @module Associations as the API shows them: AssociationDescription, Association, AssociationVersionInfo. */

import { specOf } from "./association-runner.ts";
import type { overviewOf } from "./association-status.ts";
import type { AssociationRow, AssociationSpec } from "./association-store.ts";

type Overview = Awaited<ReturnType<typeof overviewOf>>;
const seconds = (ms: number | null) => (ms === null ? undefined : ms / 1000);

/** The members a version carries, as the API names them. */
function specMembers(spec: AssociationSpec) {
  return {
    Name: spec.Name,
    ...(spec.DocumentVersion ? { DocumentVersion: spec.DocumentVersion } : { DocumentVersion: "$DEFAULT" }),
    Parameters: spec.Parameters ?? {},
    Targets: spec.Targets,
    ...(spec.ScheduleExpression ? { ScheduleExpression: spec.ScheduleExpression } : {}),
    ...(spec.ScheduleOffset !== undefined ? { ScheduleOffset: spec.ScheduleOffset } : {}),
    ...(spec.OutputLocation ? { OutputLocation: spec.OutputLocation } : {}),
    ...(spec.AssociationName ? { AssociationName: spec.AssociationName } : {}),
    ...(spec.MaxErrors ? { MaxErrors: spec.MaxErrors } : {}),
    ...(spec.MaxConcurrency ? { MaxConcurrency: spec.MaxConcurrency } : {}),
    ComplianceSeverity: spec.ComplianceSeverity ?? "UNSPECIFIED",
    SyncCompliance: spec.SyncCompliance ?? "AUTO",
    ApplyOnlyAtCronInterval: spec.ApplyOnlyAtCronInterval ?? false,
    ...(spec.Duration !== undefined ? { Duration: spec.Duration } : {}),
  };
}

export function associationDescription(row: AssociationRow, overview: Overview) {
  const spec = specOf(row);
  return {
    ...specMembers(spec),
    AssociationId: row.association_id,
    AssociationVersion: String(row.version),
    Date: row.created_at / 1000,
    LastUpdateAssociationDate: row.updated_at / 1000,
    Status: {
      Date: (row.last_execution_at ?? row.updated_at) / 1000,
      Name: overview.name,
      Message: overview.name === "Pending" ? "Associated with the targets; waiting for results." : `The last run ended ${overview.name}.`,
    },
    Overview: overview.overview,
    ...(row.last_execution_at !== null ? { LastExecutionDate: seconds(row.last_execution_at) } : {}),
    ...(row.last_success_at !== null ? { LastSuccessfulExecutionDate: seconds(row.last_success_at) } : {}),
  };
}

export function associationListing(row: AssociationRow, overview: Overview) {
  const spec = specOf(row);
  return {
    Name: spec.Name,
    AssociationId: row.association_id,
    AssociationVersion: String(row.version),
    DocumentVersion: spec.DocumentVersion ?? "$DEFAULT",
    Targets: spec.Targets,
    ...(row.last_execution_at !== null ? { LastExecutionDate: seconds(row.last_execution_at) } : {}),
    Overview: overview.overview,
    ...(spec.ScheduleExpression ? { ScheduleExpression: spec.ScheduleExpression } : {}),
    ...(spec.AssociationName ? { AssociationName: spec.AssociationName } : {}),
    ...(spec.ScheduleOffset !== undefined ? { ScheduleOffset: spec.ScheduleOffset } : {}),
  };
}

export function versionInfo(associationId: string, version: { version: number; spec: string; created_at: number }) {
  return {
    AssociationId: associationId,
    AssociationVersion: String(version.version),
    CreatedDate: version.created_at / 1000,
    ...specMembers(JSON.parse(version.spec) as AssociationSpec),
  };
}
