/**
 * @module What a node's AWS-RunPatchBaseline run reports: its summary and each package's state replace the node's last
 * run (DescribeInstancePatchStates, DescribeInstancePatches), and become the node's Patch compliance. The node's scope
 * comes from its registration, never from the frame.
 */
import type { AgentPatchReport, InventoryItemFrame, PatchStateFrame } from "../../../protocol/agent/channel.ts";
import type { Logger } from "../../core/log.ts";
import type { ComplianceCapability } from "../compliance/index.ts";
import type { InventoryCapability } from "../inventory/index.ts";
import type { ManagedNodesCapability } from "../managed-nodes/index.ts";
import { operatingSystemOf } from "./node-baseline.ts";
import type { CatalogEntry, PatchCatalogStore } from "./patch-catalog-store.ts";
import type { PatchStateStore } from "./patch-state-store.ts";

/** The states a node is not compliant in; an unapproved security update too when the baseline says so. */
function nonCompliance(report: Pick<AgentPatchReport, "availableSecurityUpdates">): (patch: PatchStateFrame) => boolean {
  const states = new Set(["MISSING", "FAILED", "INSTALLED_PENDING_REBOOT", "INSTALLED_REJECTED"]);
  if (report.availableSecurityUpdates === "NON_COMPLIANT") states.add("AVAILABLE_SECURITY_UPDATE");
  return (patch) => states.has(patch.state);
}

/** InstancePatchState's counts, from the packages' states. */
export function stateCounts(report: Pick<AgentPatchReport, "availableSecurityUpdates" | "patches">): Record<string, number> {
  const { patches } = report;
  const count = (state: string) => patches.filter((patch) => patch.state === state).length;
  const failing = patches.filter(nonCompliance(report));
  return {
    InstalledCount: count("INSTALLED"),
    InstalledOtherCount: count("INSTALLED_OTHER"),
    InstalledPendingRebootCount: count("INSTALLED_PENDING_REBOOT"),
    InstalledRejectedCount: count("INSTALLED_REJECTED"),
    MissingCount: count("MISSING"),
    FailedCount: count("FAILED"),
    NotApplicableCount: count("NOT_APPLICABLE"),
    UnreportedNotApplicableCount: 0,
    AvailableSecurityUpdateCount: count("AVAILABLE_SECURITY_UPDATE"),
    CriticalNonCompliantCount: failing.filter((patch) => patch.complianceLevel === "CRITICAL").length,
    SecurityNonCompliantCount: failing.filter((patch) => patch.security === true).length,
    OtherNonCompliantCount: failing.filter((patch) => patch.complianceLevel !== "CRITICAL" && patch.security !== true).length,
  };
}

/** What a report adds to the catalog: the versions offered, and the installed versions it judged. */
function catalogEntries(report: AgentPatchReport): CatalogEntry[] {
  const offered = (report.available ?? []).map(({ security, ...entry }) => ({ ...entry, security: security ? 1 : 0 }));
  const installed = report.patches
    .filter((patch) => patch.version !== undefined && patch.state !== "NOT_APPLICABLE")
    .map((patch) => ({
      name: patch.title,
      version: patch.version ?? "",
      arch: patch.arch ?? "",
      product: patch.product ?? "",
      repository: patch.repository ?? "",
      classification: patch.classification,
      severity: patch.severity,
      security: patch.security ? 1 : 0,
    }));
  return [...offered, ...installed];
}

/** The node's AWS:PatchSummary inventory: its last run, as SSM's agent writes it. */
function patchSummary(report: AgentPatchReport): InventoryItemFrame {
  const counts = stateCounts(report);
  const iso = (ms: number) => new Date(Math.round(ms)).toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    TypeName: "AWS:PatchSummary",
    SchemaVersion: "1.0",
    CaptureTime: iso(report.endedAt),
    Content: [
      {
        PatchGroup: report.patchGroup,
        BaselineId: report.baselineId,
        SnapshotId: report.commandId,
        ExecutionId: report.commandId,
        OperationType: report.operation,
        OperationStartTime: iso(report.startedAt),
        OperationEndTime: iso(report.endedAt),
        RebootOption: report.rebootOption,
        ...Object.fromEntries(
          [
            "InstalledCount",
            "InstalledOtherCount",
            "InstalledPendingRebootCount",
            "InstalledRejectedCount",
            "NotApplicableCount",
            "MissingCount",
            "FailedCount",
          ].map((key) => [key, String(counts[key] ?? 0)]),
        ),
      },
    ],
  };
}

export function acceptPatchReports(
  nodes: ManagedNodesCapability,
  stores: { states: PatchStateStore; catalog: PatchCatalogStore },
  services: { compliance: ComplianceCapability; inventory: InventoryCapability },
  core: { log: Logger; now: () => number },
): void {
  const { compliance, inventory } = services;
  const { states, catalog } = stores;
  const { log } = core;
  nodes.gateway.onFrame("patch", async (instanceId, message) => {
    const node = await nodes.instances.getForAgent(instanceId);
    if (!node || node.terminated_at !== null) return;
    const scope = { accountId: node.account_id, region: node.region };
    const failing = nonCompliance(message);
    try {
      const os = operatingSystemOf(node);
      const left = os ? await catalog.add(scope, os, catalogEntries(message), core.now()) : 0;
      if (left > 0) log.warn({ instanceId, left }, "the account's patch catalog is full: versions a node reported were left out");
      await states.transaction((store) =>
        store.replace(
          {
            account_id: node.account_id,
            region: node.region,
            instance_id: instanceId,
            baseline_id: message.baselineId,
            patch_group: message.patchGroup,
            snapshot_id: message.commandId,
            operation: message.operation,
            reboot_option: message.rebootOption,
            started_at: Math.round(message.startedAt),
            ended_at: Math.round(message.endedAt),
            no_reboot_install_at:
              message.operation === "Install" && message.rebootOption === "NoReboot" ? Math.round(message.endedAt) : null,
            counts: JSON.stringify(stateCounts(message)),
          },
          message.patches,
        ),
      );
      await compliance.record(scope, {
        resourceType: "ManagedInstance",
        resourceId: instanceId,
        complianceType: "Patch",
        execution: { time: Math.round(message.endedAt), id: message.commandId, type: "Command" },
        contentHash: undefined,
        // Compliance keeps at most 10,000 items of a type per node, as PutComplianceItems takes.
        items: message.patches.slice(0, 10_000).map((patch) => ({
          id: patch.kbId,
          title: patch.title,
          severity: patch.complianceLevel,
          status: failing(patch) ? "NON_COMPLIANT" : "COMPLIANT",
          details: {
            PatchState: patch.state,
            PatchSeverity: patch.severity,
            Classification: patch.classification,
            PatchBaselineId: message.baselineId,
            PatchGroup: message.patchGroup,
            DocumentName: "AWS-RunPatchBaseline",
            ...(patch.installedTime !== undefined ? { InstalledTime: new Date(patch.installedTime).toISOString() } : {}),
          },
        })),
        complete: true,
      });
      await inventory.record(scope, instanceId, [patchSummary(message)]);
    } catch (error) {
      log.warn({ err: error, instanceId, commandId: message.commandId }, "a patch report from an agent was refused");
    }
  });
}
