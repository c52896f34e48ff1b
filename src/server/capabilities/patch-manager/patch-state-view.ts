/** @module How SSM answers a node's patch state: InstancePatchState and PatchComplianceData, dates in seconds. */
import type { InstancePatchRow, InstanceStateRow } from "./patch-state-store.ts";

export function instancePatchState(row: InstanceStateRow) {
  return {
    InstanceId: row.instance_id,
    PatchGroup: row.patch_group,
    BaselineId: row.baseline_id,
    SnapshotId: row.snapshot_id,
    ...(JSON.parse(row.counts) as Record<string, number>),
    OperationStartTime: row.started_at / 1000,
    OperationEndTime: row.ended_at / 1000,
    Operation: row.operation,
    RebootOption: row.reboot_option,
    ...(row.no_reboot_install_at !== null ? { LastNoRebootInstallOperationTime: row.no_reboot_install_at / 1000 } : {}),
  };
}

export function patchComplianceData(row: InstancePatchRow) {
  return {
    Title: row.title,
    KBId: row.kb_id,
    Classification: row.classification,
    Severity: row.severity,
    State: row.state,
    // Required by the model: a package never installed (MISSING, NOT_APPLICABLE) answers the epoch, as SSM does.
    InstalledTime: (row.installed_time ?? 0) / 1000,
    ...(row.cve_ids ? { CVEIds: row.cve_ids } : {}),
  };
}
