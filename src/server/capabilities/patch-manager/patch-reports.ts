/**
 * @module What a node's AWS-RunPatchBaseline run reports: its summary and each package's state replace the node's last
 * run (DescribeInstancePatchStates, DescribeInstancePatches), and become the node's Patch compliance. The node's scope
 * comes from its registration, never from the frame.
 */
import type { PatchStateFrame } from "../../../protocol/agent/channel.ts";
import type { Logger } from "../../core/log.ts";
import type { ComplianceCapability } from "../compliance/index.ts";
import type { ManagedNodesCapability } from "../managed-nodes/index.ts";
import type { PatchStateStore } from "./patch-state-store.ts";

/** The states a node is not compliant in. */
const nonCompliant = new Set(["MISSING", "FAILED", "INSTALLED_PENDING_REBOOT", "INSTALLED_REJECTED"]);

/** InstancePatchState's counts, from the packages' states. */
export function stateCounts(patches: readonly PatchStateFrame[]): Record<string, number> {
  const count = (state: string) => patches.filter((patch) => patch.state === state).length;
  const failing = patches.filter((patch) => nonCompliant.has(patch.state));
  return {
    InstalledCount: count("INSTALLED"),
    InstalledOtherCount: count("INSTALLED_OTHER"),
    InstalledPendingRebootCount: count("INSTALLED_PENDING_REBOOT"),
    InstalledRejectedCount: count("INSTALLED_REJECTED"),
    MissingCount: count("MISSING"),
    FailedCount: count("FAILED"),
    NotApplicableCount: count("NOT_APPLICABLE"),
    UnreportedNotApplicableCount: 0,
    CriticalNonCompliantCount: failing.filter((patch) => patch.complianceLevel === "CRITICAL").length,
    OtherNonCompliantCount: failing.filter((patch) => patch.complianceLevel !== "CRITICAL").length,
  };
}

export function acceptPatchReports(
  nodes: ManagedNodesCapability,
  states: PatchStateStore,
  compliance: ComplianceCapability,
  log: Logger,
): void {
  nodes.gateway.onFrame("patch", async (instanceId, message) => {
    const node = await nodes.instances.getForAgent(instanceId);
    if (!node || node.terminated_at !== null) return;
    const scope = { accountId: node.account_id, region: node.region };
    try {
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
            started_at: message.startedAt,
            ended_at: message.endedAt,
            no_reboot_install_at: message.operation === "Install" && message.rebootOption === "NoReboot" ? message.endedAt : null,
            counts: JSON.stringify(stateCounts(message.patches)),
          },
          message.patches,
        ),
      );
      await compliance.record(scope, {
        resourceType: "ManagedInstance",
        resourceId: instanceId,
        complianceType: "Patch",
        execution: { time: message.endedAt, id: message.commandId, type: "Command" },
        contentHash: undefined,
        // Compliance keeps at most 10,000 items of a type per node, as PutComplianceItems takes.
        items: message.patches.slice(0, 10_000).map((patch) => ({
          id: patch.kbId,
          title: patch.title,
          severity: patch.complianceLevel,
          status: nonCompliant.has(patch.state) ? "NON_COMPLIANT" : "COMPLIANT",
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
    } catch (error) {
      log.warn({ err: error, instanceId, commandId: message.commandId }, "a patch report from an agent was refused");
    }
  });
}
