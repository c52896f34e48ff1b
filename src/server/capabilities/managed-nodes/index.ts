/** @module Managed nodes: hybrid activations, node registration and the nodes' records. */
import { connectionLostAfter } from "../../../protocol/agent/heartbeat.ts";
import type { Capability, CoreServices } from "../../core/capability.ts";
import type { TagsCapability } from "../tags/index.ts";
import { createActivationAction } from "./actions/create-activation.ts";
import { deleteActivationAction } from "./actions/delete-activation.ts";
import { deregisterManagedInstanceAction } from "./actions/deregister-managed-instance.ts";
import { describeActivationsAction } from "./actions/describe-activations.ts";
import { describeInstanceInformationAction } from "./actions/describe-instance-information.ts";
import { ActivationStore } from "./activation-store.ts";
import { type AgentGateway, createAgentGateway } from "./agent-gateway.ts";
import { type InstanceRow, InstanceStore } from "./instance-store.ts";
import { type PingStatus, pingStatus } from "./instance-view.ts";
import {
  type AssociationStatusProvider,
  type ManagedNodeDeps,
  managedInstanceArn,
  managedInstanceResourceType,
} from "./managed-node-shapes.ts";
import { managedNodeMigrations } from "./migrations.ts";
import { defaultMaxNodesPerScope } from "./register-node.ts";
import { registrationRoute } from "./registration-route.ts";

export type { AgentGateway } from "./agent-gateway.ts";
export type { InstanceRow, InstanceStore } from "./instance-store.ts";
export type { PingStatus } from "./instance-view.ts";
export { type AssociationStatusProvider, managedInstanceArn, type NodeAssociationStatus } from "./managed-node-shapes.ts";

export interface ManagedNodesOptions {
  /** The version a current agent reports (IsLatestVersion). */
  agentVersion: string;
  heartbeatIntervalMs: number;
  /** Nodes per account and region; SSM's standard tier allows 1,000. */
  maxNodesPerScope?: number;
}

export interface ManagedNodesCapability extends Capability {
  instances: InstanceStore;
  /** The agents' channels held by this process. */
  gateway: AgentGateway;
  /** Online or ConnectionLost, by the node's last heartbeat. */
  pingStatus(row: InstanceRow, now: number): PingStatus;
  /** State Manager tells DescribeInstanceInformation each node's AssociationStatus through this. */
  setAssociationStatusProvider(provider: AssociationStatusProvider): void;
  /** Registers what else goes when a node is deregistered (run inside the deregistration's transaction). */
  onDeregister(listener: ManagedNodeDeps["onDeregister"][number]): void;
  /** Every node of a scope that is not terminated, in id order. */
  listAll(scope: { accountId: string; region: string }): Promise<InstanceRow[]>;
  /**
   * A source of machines reported the node's machine terminated: the node stays listed as Inactive, its agent is
   * refused, and what goes at deregistration (inventory) goes now. False when it was already terminated.
   */
  markTerminated(scope: { accountId: string; region: string }, instanceId: string, now: number): Promise<boolean>;
}

export function createManagedNodesCapability(
  core: CoreServices,
  tags: TagsCapability,
  options: ManagedNodesOptions,
): ManagedNodesCapability {
  const deps: ManagedNodeDeps = {
    activations: new ActivationStore(core.database.db),
    instances: new InstanceStore(core.database.db),
    tags: tags.store,
    keyring: core.keyring,
    onDeregister: [],
    associationStatus: {},
    disconnect: () => {},
  };
  tags.registry.register(managedInstanceResourceType, {
    resolve: async (ctx, resourceId) => ((await deps.instances.get(ctx, resourceId)) ? resourceId : undefined),
    arn: managedInstanceArn,
  });
  async function listEvery(scope: { accountId: string; region: string }): Promise<InstanceRow[]> {
    const rows: InstanceRow[] = [];
    for (;;) {
      const page = await deps.instances.list(scope, rows[rows.length - 1]?.instance_id, 1000);
      rows.push(...page);
      if (page.length < 1000) return rows;
    }
  }
  const gateway = createAgentGateway(deps.instances, { heartbeatIntervalMs: options.heartbeatIntervalMs, log: core.log, now: core.now });
  deps.disconnect = (instanceId, reason) => gateway.disconnect(instanceId, reason);
  return {
    name: "managed-nodes",
    migrations: managedNodeMigrations,
    actions: [
      createActivationAction(deps),
      describeActivationsAction(deps),
      deleteActivationAction(deps),
      describeInstanceInformationAction(deps, options.agentVersion, connectionLostAfter(options.heartbeatIntervalMs)),
      deregisterManagedInstanceAction(deps),
    ],
    jobs: [],
    routes: [
      registrationRoute({ ...deps, maxNodesPerScope: options.maxNodesPerScope ?? defaultMaxNodesPerScope }, core.log, core.now),
      gateway.route,
    ],
    stop: () => gateway.close(),
    instances: deps.instances,
    gateway,
    onDeregister: (listener) => deps.onDeregister.push(listener),
    setAssociationStatusProvider(provider) {
      deps.associationStatus.provider = provider;
    },
    pingStatus: (row, now) => pingStatus(row, { now, lostAfterMs: connectionLostAfter(options.heartbeatIntervalMs) }),
    async listAll(scope) {
      return (await listEvery(scope)).filter((row) => row.terminated_at === null);
    },
    async markTerminated(scope, instanceId, now) {
      const marked = await deps.activations.transaction(async (store) => {
        if (!(await deps.instances.markTerminated(scope, instanceId, now, store.handle))) return false;
        for (const listener of deps.onDeregister) await listener(scope, instanceId, store.handle);
        return true;
      });
      if (marked) gateway.disconnect(instanceId, `${instanceId} was reported terminated.`);
      return marked;
    },
  };
}
