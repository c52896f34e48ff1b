/**
 * @module Vulnerabilities (beyond SSM, decision 026): OSV advisories imported offline, matched with each ecosystem's
 * version rules against every node's inventory — packages and the software found outside package managers — and
 * reported as findings and as `Custom:Vulnerability` compliance.
 */
import type { Capability, CoreServices } from "../../core/capability.ts";
import type { ComplianceCapability } from "../compliance/index.ts";
import type { InventoryCapability } from "../inventory/index.ts";
import type { ManagedNodesCapability } from "../managed-nodes/index.ts";
import type { OrganizationView } from "../organizations/index.ts";
import { getVulnerabilityAction } from "./actions/get-vulnerability.ts";
import { importVulnerabilitiesAction } from "./actions/import-vulnerabilities.ts";
import { listVulnerabilitiesAction } from "./actions/list-vulnerabilities.ts";
import { listVulnerabilityFindingsAction } from "./actions/list-vulnerability-findings.ts";
import { matchNode, recordQueuedCompliance } from "./matcher.ts";
import { vulnerabilityMigrations } from "./migrations.ts";
import type { VulnerabilityDeps } from "./vulnerability-shapes.ts";
import { VulnerabilityStore } from "./vulnerability-store.ts";

export function createVulnerabilitiesCapability(
  core: CoreServices,
  parts: {
    inventory: InventoryCapability;
    nodes: ManagedNodesCapability;
    compliance: ComplianceCapability;
    organization: OrganizationView;
  },
): Capability {
  const deps: VulnerabilityDeps = {
    store: new VulnerabilityStore(core.database.db),
    ...parts,
    keyring: core.keyring,
    log: core.log,
    now: () => core.now(),
  };
  // A node's software changed: its findings are matched again before the put answers.
  parts.inventory.onContent(async (scope, instanceId, typeName, content) => {
    if (typeName !== "AWS:Application") return;
    try {
      await matchNode(deps, scope, instanceId, content);
    } catch (error) {
      core.log.warn({ err: error, instanceId }, "matching a node's software against advisories failed");
    }
  });
  parts.nodes.onDeregister((scope, instanceId, within) => deps.store.forget(scope, instanceId, within));
  return {
    name: "vulnerabilities",
    migrations: vulnerabilityMigrations,
    actions: [
      importVulnerabilitiesAction(deps),
      getVulnerabilityAction(deps),
      listVulnerabilitiesAction(deps),
      listVulnerabilityFindingsAction(deps),
    ],
    // One replica records the queued nodes' compliance, under the job lock; the queue survives restarts.
    jobs: [
      {
        name: "vulnerability-compliance",
        intervalMs: Math.min(core.sweepIntervalMs, 2_000),
        atStart: true,
        run: async () => {
          await recordQueuedCompliance(deps);
        },
      },
    ],
  };
}
