/**
 * @module Patch Manager: patch baselines (the account's own and the predefined ones per operating system), the
 * default baseline of each system, and patch groups — which baseline a node uses, by its `Patch Group` tag.
 * Whether a baseline approves a patch is protocol/patch/approval.ts, which the agent applies too: AWS-RunPatchBaseline
 * carries each node's baseline to it, and its report becomes the node's patch state and Patch compliance.
 */
import type { Capability, CoreServices } from "../../core/capability.ts";
import type { ComplianceCapability } from "../compliance/index.ts";
import type { InventoryCapability } from "../inventory/index.ts";
import type { ManagedNodesCapability } from "../managed-nodes/index.ts";
import type { RunCommandCapability } from "../run-command/index.ts";
import type { TagsCapability } from "../tags/index.ts";
import { createPatchBaselineAction } from "./actions/create-patch-baseline.ts";
import { deletePatchBaselineAction } from "./actions/delete-patch-baseline.ts";
import { deregisterPatchBaselineForPatchGroupAction } from "./actions/deregister-patch-baseline-for-patch-group.ts";
import { describeAvailablePatchesAction } from "./actions/describe-available-patches.ts";
import { describeEffectivePatchesForPatchBaselineAction } from "./actions/describe-effective-patches-for-patch-baseline.ts";
import { describeInstancePatchStatesAction } from "./actions/describe-instance-patch-states.ts";
import { describeInstancePatchStatesForPatchGroupAction } from "./actions/describe-instance-patch-states-for-patch-group.ts";
import { describeInstancePatchesAction } from "./actions/describe-instance-patches.ts";
import { describePatchBaselinesAction } from "./actions/describe-patch-baselines.ts";
import { describePatchGroupStateAction } from "./actions/describe-patch-group-state.ts";
import { describePatchGroupsAction } from "./actions/describe-patch-groups.ts";
import { describePatchPropertiesAction } from "./actions/describe-patch-properties.ts";
import { getDefaultPatchBaselineAction } from "./actions/get-default-patch-baseline.ts";
import { getPatchBaselineAction } from "./actions/get-patch-baseline.ts";
import { getPatchBaselineForPatchGroupAction } from "./actions/get-patch-baseline-for-patch-group.ts";
import { registerDefaultPatchBaselineAction } from "./actions/register-default-patch-baseline.ts";
import { registerPatchBaselineForPatchGroupAction } from "./actions/register-patch-baseline-for-patch-group.ts";
import { updatePatchBaselineAction } from "./actions/update-patch-baseline.ts";
import { patchManagerMigrations } from "./migrations.ts";
import { nodeBaseline } from "./node-baseline.ts";
import { PatchBaselineStore } from "./patch-baseline-store.ts";
import { PatchCatalogStore } from "./patch-catalog-store.ts";
import { acceptPatchReports } from "./patch-reports.ts";
import { type PatchDeps, patchBaselineArn, patchBaselineResourceType } from "./patch-shapes.ts";
import { PatchStateStore } from "./patch-state-store.ts";

export function createPatchManagerCapability(
  core: CoreServices,
  parts: {
    tags: TagsCapability;
    nodes: ManagedNodesCapability;
    runCommand: RunCommandCapability;
    compliance: ComplianceCapability;
    inventory: InventoryCapability;
  },
): Capability {
  const { tags, nodes } = parts;
  const deps: PatchDeps = {
    store: new PatchBaselineStore(core.database.db),
    states: new PatchStateStore(core.database.db),
    catalog: new PatchCatalogStore(core.database.db),
    tags: tags.store,
    nodes,
    keyring: core.keyring,
  };
  // Each node's aws:runPatchBaseline step carries the baseline that node applies — never one a document put there.
  parts.runCommand.prepareSteps("aws:runPatchBaseline", async (node, step) => {
    const { bosunBaseline: _ignored, ...inputs } = step.inputs ?? {};
    const baseline = await nodeBaseline(deps, node);
    return { ...step, inputs: { ...inputs, ...(baseline ? { bosunBaseline: JSON.stringify(baseline) } : {}) } };
  });
  acceptPatchReports(nodes, deps, parts, core);
  nodes.onDeregister((scope, instanceId, within) => deps.states.forget(scope, instanceId, within));
  tags.registry.register(patchBaselineResourceType, {
    // Only the account's own baselines carry tags.
    resolve: async (ctx, id) => ((await deps.store.get(ctx, id.trim())) ? id.trim() : undefined),
    arn: (ctx, id) => patchBaselineArn(ctx, id.trim()),
  });
  return {
    name: "patch-manager",
    migrations: patchManagerMigrations,
    actions: [
      createPatchBaselineAction(deps),
      getPatchBaselineAction(deps),
      updatePatchBaselineAction(deps),
      deletePatchBaselineAction(deps),
      describePatchBaselinesAction(deps),
      registerDefaultPatchBaselineAction(deps),
      getDefaultPatchBaselineAction(deps),
      registerPatchBaselineForPatchGroupAction(deps),
      deregisterPatchBaselineForPatchGroupAction(deps),
      getPatchBaselineForPatchGroupAction(deps),
      describePatchGroupsAction(deps),
      describeInstancePatchStatesAction(deps),
      describeInstancePatchesAction(deps),
      describeInstancePatchStatesForPatchGroupAction(deps),
      describePatchGroupStateAction(deps),
      describeAvailablePatchesAction(deps),
      describeEffectivePatchesForPatchBaselineAction(deps),
      describePatchPropertiesAction(deps),
    ],
    jobs: [],
  };
}
