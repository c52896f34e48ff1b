/**
 * @module Unmanaged-machine detection: sources of the machines that exist (AWS EC2, a CMDB list), reconciled with the
 * managed nodes by the rule of DESIGN.md, listed with a reason per machine across the organization.
 */
import type { Capability, CoreServices } from "../../core/capability.ts";
import type { ManagedNodesCapability } from "../managed-nodes/index.ts";
import type { OrganizationView } from "../organizations/index.ts";
import { deleteMachineSourceAction } from "./actions/delete-machine-source.ts";
import { listMachineSourcesAction } from "./actions/list-machine-sources.ts";
import { listUnmanagedMachinesAction } from "./actions/list-unmanaged-machines.ts";
import { putMachineSourceAction } from "./actions/put-machine-source.ts";
import { refreshMachineSourcesAction } from "./actions/refresh-machine-sources.ts";
import type { AwsAccess } from "./ec2-discovery.ts";
import { refreshSource } from "./machine-refresh.ts";
import type { MachineDeps } from "./machine-shapes.ts";
import { MachineStore } from "./machine-store.ts";
import { unmanagedMachineMigrations } from "./migrations.ts";

export type { AwsAccess } from "./ec2-discovery.ts";

/** EC2 sources are asked again this often (DescribeInstances in every Region of every account is not free). */
const defaultRefreshIntervalMs = 5 * 60_000;

export function createUnmanagedMachinesCapability(
  core: CoreServices,
  needs: { nodes: ManagedNodesCapability; organization: OrganizationView; aws: AwsAccess; lostAfterMs: number; refreshIntervalMs?: number },
): Capability {
  const deps: MachineDeps = {
    store: new MachineStore(core.database.db),
    nodes: needs.nodes,
    organization: needs.organization,
    keyring: core.keyring,
    aws: needs.aws,
    log: core.log,
    lostAfterMs: needs.lostAfterMs,
  };
  return {
    name: "unmanaged-machines",
    migrations: unmanagedMachineMigrations,
    actions: [
      putMachineSourceAction(deps),
      listMachineSourcesAction(deps),
      deleteMachineSourceAction(deps),
      refreshMachineSourcesAction(deps),
      listUnmanagedMachinesAction(deps),
    ],
    jobs: [
      {
        name: "machine-sources",
        intervalMs: needs.refreshIntervalMs ?? defaultRefreshIntervalMs,
        async run() {
          for (const source of await deps.store.allSources()) await refreshSource(deps, source, core.now());
        },
      },
    ],
  };
}
