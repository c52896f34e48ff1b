/** @module State Manager: associations keep nodes in a state by running a document on a schedule and on new nodes. */

import type { Capability, CoreServices } from "../../core/capability.ts";
import type { BucketAccess } from "../buckets/index.ts";
import type { ComplianceCapability } from "../compliance/index.ts";
import type { DocumentsCapability } from "../documents/index.ts";
import type { ManagedNodesCapability } from "../managed-nodes/index.ts";
import type { RunCommandCapability } from "../run-command/index.ts";
import type { TagsCapability } from "../tags/index.ts";
import { createAssociationAction } from "./actions/create-association.ts";
import { createAssociationBatchAction } from "./actions/create-association-batch.ts";
import { deleteAssociationAction } from "./actions/delete-association.ts";
import { describeAssociationAction } from "./actions/describe-association.ts";
import { describeAssociationExecutionTargetsAction } from "./actions/describe-association-execution-targets.ts";
import { describeAssociationExecutionsAction } from "./actions/describe-association-executions.ts";
import { describeEffectiveInstanceAssociationsAction } from "./actions/describe-effective-instance-associations.ts";
import { describeInstanceAssociationsStatusAction } from "./actions/describe-instance-associations-status.ts";
import { listAssociationVersionsAction } from "./actions/list-association-versions.ts";
import { listAssociationsAction } from "./actions/list-associations.ts";
import { startAssociationsOnceAction } from "./actions/start-associations-once.ts";
import { updateAssociationAction } from "./actions/update-association.ts";
import { associationCompliance } from "./association-compliance.ts";
import { AssociationRunner } from "./association-runner.ts";
import { associationArn, associationResourceType, type StateManagerDeps } from "./association-shapes.ts";
import { latestPerNode, targetStatus } from "./association-status.ts";
import { AssociationStore } from "./association-store.ts";
import { stateManagerMigrations } from "./migrations.ts";

export function createStateManagerCapability(
  core: CoreServices,
  parts: {
    tags: TagsCapability;
    documents: DocumentsCapability;
    nodes: ManagedNodesCapability;
    runCommand: RunCommandCapability;
    buckets: BucketAccess;
    compliance: ComplianceCapability;
  },
): Capability {
  const store = new AssociationStore(core.database.db);
  parts.runCommand.onInvocationFinished(associationCompliance(store, parts.compliance));
  const runner = new AssociationRunner(store, parts.runCommand, parts.nodes, parts.tags.store, core.log, core.now);
  const deps: StateManagerDeps = {
    store,
    runner,
    documents: parts.documents,
    runCommand: parts.runCommand,
    nodes: parts.nodes,
    tags: parts.tags.store,
    keyring: core.keyring,
    buckets: parts.buckets,
    now: core.now,
  };
  parts.nodes.setAssociationStatusProvider(async (scope) => {
    const perNode = new Map<string, { status: "Success" | "Pending" | "Failed"; counts: Record<string, number> }>();
    for (const row of await store.list(scope)) {
      const { targets, invocations } = await latestPerNode(store, parts.runCommand, row.association_id);
      for (const target of targets) {
        const { status } = targetStatus(invocations.get(target.instance_id));
        const key = status === "InProgress" ? "Pending" : status;
        const entry = perNode.get(target.instance_id) ?? { status: "Success", counts: {} };
        entry.counts[key] = (entry.counts[key] ?? 0) + 1;
        // A failure anywhere marks the node Failed; otherwise anything unfinished keeps it Pending.
        entry.status = entry.counts.Failed ? "Failed" : entry.counts.Pending ? "Pending" : "Success";
        perNode.set(target.instance_id, entry);
      }
    }
    return perNode;
  });
  parts.tags.registry.register(associationResourceType, {
    resolve: async (ctx, id) => ((await store.get(ctx, id)) ? id : undefined),
    arn: associationArn,
  });
  return {
    name: "state-manager",
    migrations: stateManagerMigrations,
    actions: [
      createAssociationAction(deps),
      createAssociationBatchAction(deps),
      describeAssociationAction(deps),
      listAssociationsAction(deps),
      updateAssociationAction(deps),
      deleteAssociationAction(deps),
      listAssociationVersionsAction(deps),
      startAssociationsOnceAction(deps),
      describeAssociationExecutionsAction(deps),
      describeAssociationExecutionTargetsAction(deps),
      describeInstanceAssociationsStatusAction(deps),
      describeEffectiveInstanceAssociationsAction(deps),
    ],
    // Due schedules and nodes new to a target; one replica at a time runs it (the scheduler's lock).
    jobs: [{ name: "associations", intervalMs: Math.min(core.sweepIntervalMs, 10_000), run: () => runner.tick() }],
  };
}
