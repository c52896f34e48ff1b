/**
 * @module Compliance as the resource data sync writes it, in SSM's layout: per node, `AWS:ComplianceItem` (one entry per
 * item, with its type, status, severity, execution and details) and `AWS:ComplianceSummary` (one entry per compliance
 * type: its status, overall severity and items counted by severity each way). A node's objects change whenever one of
 * its uploads does.
 */
import { createHash } from "node:crypto";
import type { Scope } from "../../core/store/scope.ts";
import type { SnapshotItem } from "../inventory/index.ts";
import { highestSeverity, type Severity, severities } from "./compliance-shapes.ts";
import type { ComplianceStore, ItemWithUpload, UploadRow } from "./compliance-store.ts";

type Entry = Record<string, string>;

const iso = (ms: number) => new Date(ms).toISOString();
const words: Record<Severity, string> = {
  CRITICAL: "Critical",
  HIGH: "High",
  MEDIUM: "Medium",
  LOW: "Low",
  INFORMATIONAL: "Informational",
  UNSPECIFIED: "Unspecified",
};

function itemEntry(item: ItemWithUpload): Entry {
  return {
    ComplianceType: item.compliance_type,
    Id: item.item_id,
    Title: item.title ?? "",
    Status: item.status,
    Severity: item.severity,
    ExecutionId: item.execution_id ?? "",
    ExecutionType: item.execution_type ?? "",
    ExecutionTime: iso(item.execution_time),
    ...(item.details ? (JSON.parse(item.details) as Entry) : {}),
  };
}

function summaryEntry(upload: UploadRow, items: readonly ItemWithUpload[]): Entry {
  const failing = items.filter((item) => item.status === "NON_COMPLIANT");
  const entry: Entry = {
    ComplianceType: upload.compliance_type,
    Status: failing.length > 0 ? "NON_COMPLIANT" : "COMPLIANT",
    OverallSeverity: highestSeverity(failing.map((item) => item.severity)),
    ExecutionId: upload.execution_id ?? "",
    ExecutionType: upload.execution_type ?? "",
    ExecutionTime: iso(upload.execution_time),
  };
  for (const severity of severities) {
    entry[`Compliant${words[severity]}Count`] = String(items.filter((i) => i.status === "COMPLIANT" && i.severity === severity).length);
    entry[`NonCompliant${words[severity]}Count`] = String(failing.filter((i) => i.severity === severity).length);
  }
  return entry;
}

export async function complianceSnapshot(store: ComplianceStore, scope: Scope): Promise<SnapshotItem[]> {
  const uploads = (await store.uploads(scope)).filter((u) => u.resource_type === "ManagedInstance");
  const items = await store.items(scope, undefined, ["ManagedInstance"]);
  const out: SnapshotItem[] = [];
  for (const instanceId of new Set(uploads.map((u) => u.resource_id))) {
    const nodeUploads = uploads.filter((u) => u.resource_id === instanceId);
    const nodeItems = items.filter((i) => i.resource_id === instanceId);
    const stamp = createHash("sha256")
      .update(JSON.stringify(nodeUploads.map((u) => [u.compliance_type, u.execution_time, u.execution_id, u.content_hash])))
      .update(JSON.stringify(nodeItems.map((i) => [i.compliance_type, i.item_id, i.status, i.severity, i.title, i.details])))
      .digest("hex");
    const captureTime = iso(Math.max(...nodeUploads.map((u) => u.execution_time)));
    out.push(
      {
        instanceId,
        typeName: "AWS:ComplianceItem",
        schemaVersion: "1.0",
        captureTime,
        stamp,
        entries: async () => nodeItems.map(itemEntry),
      },
      {
        instanceId,
        typeName: "AWS:ComplianceSummary",
        schemaVersion: "1.0",
        captureTime,
        stamp,
        entries: async () =>
          nodeUploads.map((upload) =>
            summaryEntry(
              upload,
              nodeItems.filter((i) => i.compliance_type === upload.compliance_type),
            ),
          ),
      },
    );
  }
  return out;
}
