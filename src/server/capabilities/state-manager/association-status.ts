/** @module Association statuses, derived from the Run Command invocations of its executions (nothing stored twice). */
import type { InvocationRow, RunCommandCapability } from "../run-command/index.ts";
import type { AssociationRow, AssociationStore, TargetRow } from "./association-store.ts";

export type StatusName = "Pending" | "InProgress" | "Success" | "Failed";

/** A node's status for an association: its invocation's, in State Manager's words. */
export function targetStatus(invocation: InvocationRow | undefined): { status: StatusName; detailed: string } {
  if (!invocation) return { status: "Pending", detailed: "Pending" };
  const details = invocation.status_details;
  if (details === "Success") return { status: "Success", detailed: "Success" };
  if (details === "Pending" || details === "Delayed") return { status: "Pending", detailed: details };
  if (details === "In Progress") return { status: "InProgress", detailed: "InProgress" };
  return { status: "Failed", detailed: details.replace(/ /g, "") };
}

/** An execution's status from its invocations: Success when all succeeded, Failed when any failed, else running. */
export function executionStatus(invocations: readonly InvocationRow[]): { status: StatusName; counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  for (const invocation of invocations) {
    const { status } = targetStatus(invocation);
    counts[status] = (counts[status] ?? 0) + 1;
  }
  const status: StatusName =
    (counts.Pending ?? 0) + (counts.InProgress ?? 0) > 0
      ? (counts.InProgress ?? 0) > 0
        ? "InProgress"
        : "Pending"
      : (counts.Failed ?? 0) > 0
        ? "Failed"
        : "Success";
  return { status, counts };
}

export interface NodeStatuses {
  targets: TargetRow[];
  invocations: Map<string, InvocationRow>;
}

/** The invocation of each node's latest execution of an association. */
export async function latestPerNode(
  store: AssociationStore,
  runCommand: RunCommandCapability,
  associationId: string,
): Promise<NodeStatuses> {
  const targets = await store.targets(associationId);
  const invocations = new Map<string, InvocationRow>();
  for (const commandId of new Set(targets.map((t) => t.command_id)))
    for (const invocation of await runCommand.invocationsOf(commandId))
      if (targets.some((t) => t.command_id === commandId && t.instance_id === invocation.instance_id))
        invocations.set(invocation.instance_id, invocation);
  return { targets, invocations };
}

/** The association's Overview and Status, over the latest run on each node. */
export async function overviewOf(store: AssociationStore, runCommand: RunCommandCapability, row: AssociationRow) {
  const { targets, invocations } = await latestPerNode(store, runCommand, row.association_id);
  const aggregated: Record<string, number> = {};
  for (const target of targets) {
    const { status } = targetStatus(invocations.get(target.instance_id));
    const key = status === "InProgress" ? "Pending" : status;
    aggregated[key] = (aggregated[key] ?? 0) + 1;
  }
  const name: "Pending" | "Success" | "Failed" =
    targets.length === 0 || (aggregated.Pending ?? 0) > 0 ? "Pending" : (aggregated.Failed ?? 0) > 0 ? "Failed" : "Success";
  if (name === "Success" && row.last_execution_at !== null && (row.last_success_at ?? 0) < row.last_execution_at)
    await store.setLastSuccess(row.association_id, row.last_execution_at);
  return {
    name,
    overview: { Status: name, DetailedStatus: name, AssociationStatusAggregatedCount: aggregated },
  };
}
