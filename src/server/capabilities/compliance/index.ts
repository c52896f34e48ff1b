/**
 * @module Compliance: what each managed node reports against a compliance type — Patch, Association, or any
 * `Custom:` type — and the summaries SSM derives from it (PutComplianceItems, ListComplianceItems,
 * ListComplianceSummaries, ListResourceComplianceSummaries). A deregistered node's compliance goes with it.
 */
import type { Capability, CoreServices } from "../../core/capability.ts";
import type { ManagedNodesCapability } from "../managed-nodes/index.ts";
import { listComplianceItemsAction } from "./actions/list-compliance-items.ts";
import { listComplianceSummariesAction } from "./actions/list-compliance-summaries.ts";
import { listResourceComplianceSummariesAction } from "./actions/list-resource-compliance-summaries.ts";
import { putComplianceItemsAction } from "./actions/put-compliance-items.ts";
import type { ComplianceDeps } from "./compliance-shapes.ts";
import { ComplianceStore } from "./compliance-store.ts";
import { complianceMigrations } from "./migrations.ts";

export function createComplianceCapability(core: CoreServices, nodes: ManagedNodesCapability): Capability {
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
  };
}
