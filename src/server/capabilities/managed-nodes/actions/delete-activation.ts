/** @module DeleteActivation: no further registrations with it; nodes already registered stay managed, as in SSM. */
import { Type } from "@sinclair/typebox";
import { InvalidActivationId } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { ActivationIdShape, activationArn, activationResourceType, type ManagedNodeDeps } from "../managed-node-shapes.ts";

export function deleteActivationAction(deps: ManagedNodeDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DeleteActivation",
    input: Type.Object({ ActivationId: ActivationIdShape() }),
    resources: (ctx, input) => [activationArn(ctx, input.ActivationId)],
    async handle(ctx, input) {
      const deleted = await deps.activations.transaction(async (store) => {
        const found = await store.delete(ctx, input.ActivationId);
        if (found) await deps.tags.removeAll(ctx, activationResourceType, input.ActivationId, store.handle);
        return found;
      });
      if (!deleted)
        throw new InvalidActivationId(
          `The activation ID ${input.ActivationId} isn't valid. Verify that you entered the correct ActivationId and try again.`,
        );
      return {};
    },
  });
}
