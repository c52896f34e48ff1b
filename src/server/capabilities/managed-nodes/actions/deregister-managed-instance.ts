/** @module DeregisterManagedInstance: the node is forgotten, with its tags and inventory; its agent is refused from then on. */
import { Type } from "@sinclair/typebox";
import { InvalidInstanceId } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsString } from "../../../core/validation/aws-shapes.ts";
import { type ManagedNodeDeps, managedInstanceArn, managedInstanceResourceType } from "../managed-node-shapes.ts";

export function deregisterManagedInstanceAction(deps: ManagedNodeDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DeregisterManagedInstance",
    input: Type.Object({
      InstanceId: AwsString({ min: 20, max: 124, pattern: "(^mi-[0-9a-f]{17}$)|(^eks_c:[0-9A-Za-z][A-Za-z0-9\\-_]{0,99}_\\w{17}$)" }),
    }),
    resources: (ctx, input) => [managedInstanceArn(ctx, input.InstanceId)],
    async handle(ctx, input) {
      const deleted = await deps.activations.transaction(async (store) => {
        const found = await deps.instances.delete(ctx, input.InstanceId, store.handle);
        if (found) {
          await deps.tags.removeAll(ctx, managedInstanceResourceType, input.InstanceId, store.handle);
          for (const listener of deps.onDeregister) await listener(ctx, input.InstanceId, store.handle);
        }
        return found;
      });
      if (!deleted) throw new InvalidInstanceId(`Instance ${input.InstanceId} is not a managed node of this account and Region.`);
      // Its channel closes now, and frames still queued on it are not handled (see the gateway).
      deps.disconnect(input.InstanceId, `${input.InstanceId} was deregistered.`);
      return {};
    },
  });
}
