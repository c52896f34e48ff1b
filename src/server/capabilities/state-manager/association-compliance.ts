/**
 * @module Association compliance: when a node reports the run of an association's command, the association becomes
 * one item of the node's Association compliance — COMPLIANT when the run succeeded, at the association's
 * ComplianceSeverity — unless its SyncCompliance is MANUAL (then only PutComplianceItems writes it, as in SSM).
 */
import type { ComplianceCapability } from "../compliance/index.ts";
import type { FinishedInvocation } from "../run-command/index.ts";
import { associationOf } from "./association-runner.ts";
import type { AssociationSpec, AssociationStore } from "./association-store.ts";

export function associationCompliance(store: AssociationStore, compliance: ComplianceCapability) {
  return async ({ command, instanceId, statusDetails, endedAt }: FinishedInvocation): Promise<void> => {
    // The command's origin names the association and execution: the node may report before the execution is stored.
    const sent = associationOf(command.origin);
    if (!sent) return;
    const scope = { accountId: command.account_id, region: command.region };
    const association = await store.get(scope, sent.associationId);
    if (!association) return;
    const spec = JSON.parse(association.spec) as AssociationSpec;
    if ((spec.SyncCompliance ?? "AUTO") === "MANUAL") return;
    await compliance.record(scope, {
      resourceType: "ManagedInstance",
      resourceId: instanceId,
      complianceType: "Association",
      execution: { time: endedAt, id: sent.executionId, type: "Command" },
      contentHash: undefined,
      items: [
        {
          id: association.association_id,
          title: spec.AssociationName ?? spec.Name,
          severity: spec.ComplianceSeverity ?? "UNSPECIFIED",
          status: statusDetails === "Success" ? "COMPLIANT" : "NON_COMPLIANT",
          details: {
            DocumentName: spec.Name,
            DocumentVersion: spec.DocumentVersion ?? "$DEFAULT",
            AssociationVersion: String(association.version),
          },
        },
      ],
      // One association's item: the node's items for its other associations stay.
      complete: false,
    });
  };
}
