/** @module Managed nodes: hybrid activations, node registration and the nodes' records. */
import type { Capability, CoreServices } from "../../core/capability.ts";
import type { TagsCapability } from "../tags/index.ts";
import { createActivationAction } from "./actions/create-activation.ts";
import { deleteActivationAction } from "./actions/delete-activation.ts";
import { describeActivationsAction } from "./actions/describe-activations.ts";
import { ActivationStore } from "./activation-store.ts";
import type { ManagedNodeDeps } from "./managed-node-shapes.ts";
import { managedNodeMigrations } from "./migrations.ts";

export function createManagedNodesCapability(core: CoreServices, tags: TagsCapability): Capability {
  const deps: ManagedNodeDeps = { activations: new ActivationStore(core.database.db), tags: tags.store, keyring: core.keyring };
  return {
    name: "managed-nodes",
    migrations: managedNodeMigrations,
    actions: [createActivationAction(deps), describeActivationsAction(deps), deleteActivationAction(deps)],
    jobs: [],
  };
}
