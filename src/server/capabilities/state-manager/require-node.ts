/** @module A node's association actions answer InvalidInstanceId for a node that is not this account's and Region's. */
import { InvalidInstanceId } from "../../../protocol/errors/errors.ts";
import type { ActionContext } from "../../core/api/action.ts";
import type { StateManagerDeps } from "./association-shapes.ts";

export async function requireNode(deps: StateManagerDeps, ctx: ActionContext, instanceId: string) {
  if (!(await deps.nodes.instances.get(ctx, instanceId)))
    throw new InvalidInstanceId(`Instance ${instanceId} is not a managed node of this account and Region.`);
}
