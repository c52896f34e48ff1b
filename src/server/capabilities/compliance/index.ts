/**
 * @module Compliance: what each managed node reports against a compliance type — Patch, Association, or any
 * `Custom:` type — and the summaries SSM derives from it (PutComplianceItems, ListComplianceItems,
 * ListComplianceSummaries, ListResourceComplianceSummaries). A deregistered node's compliance goes with it.
 */
import type { Capability, CoreServices } from "../../core/capability.ts";
import type { Scope } from "../../core/store/scope.ts";
import type { SnapshotItem } from "../inventory/index.ts";
import type { ManagedNodesCapability } from "../managed-nodes/index.ts";
import { listComplianceItemsAction } from "./actions/list-compliance-items.ts";
import { listComplianceSummariesAction } from "./actions/list-compliance-summaries.ts";
import { listResourceComplianceSummariesAction } from "./actions/list-resource-compliance-summaries.ts";
import { putComplianceItemsAction } from "./actions/put-compliance-items.ts";
import type { ComplianceDeps } from "./compliance-shapes.ts";
import { complianceSnapshot } from "./compliance-snapshot.ts";
import { ComplianceStore, type Upload } from "./compliance-store.ts";
import { complianceMigrations } from "./migrations.ts";

export type { Upload as ComplianceUpload } from "./compliance-store.ts";

export interface ComplianceCapability extends Capability {
  /**
   * Records a node's compliance of one type on behalf of the service (Patch from a patch run, Association from an
   * association's run), as PutComplianceItems would.
   */
  record(scope: Scope, upload: Upload): Promise<void>;
  /** Every node's compliance as the resource data sync writes it (AWS:ComplianceItem, AWS:ComplianceSummary). */
  snapshot(scope: Scope, now: number): Promise<SnapshotItem[]>;
}

export function createComplianceCapability(core: CoreServices, nodes: ManagedNodesCapability): ComplianceCapability {
  const deps: ComplianceDeps = { store: new ComplianceStore(core.database.db), nodes, keyring: core.keyring };
  nodes.onDeregister((scope, instanceId, within) => deps.store.forgetResource(scope, "ManagedInstance", instanceId, within));
  return {
    name: "compliance",
    migrations: complianceMigrations,
    actions: [
      putComplianceItemsAction(deps),
      listComplianceItemsAction(deps),
      listComplianceSummariesAction(deps),
      listResourceComplianceSummariesAction(deps),
    ],
    jobs: [],
    async record(scope, upload) {
      await deps.store.put(scope, upload);
    },
    snapshot: (scope) => complianceSnapshot(deps.store, scope),
  };
}
