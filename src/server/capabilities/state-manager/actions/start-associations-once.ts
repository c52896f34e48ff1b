/** @module StartAssociationsOnce: run associations now, outside their schedule. */
import { Type } from "@sinclair/typebox";
import { InvalidAssociation } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsList } from "../../../core/validation/aws-shapes.ts";
import { AssociationIdShape, associationArn, type StateManagerDeps } from "../association-shapes.ts";

export function startAssociationsOnceAction(deps: StateManagerDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "StartAssociationsOnce",
    input: Type.Object({ AssociationIds: AwsList(AssociationIdShape(), { min: 1, max: 10 }) }),
    resources: (ctx, input) => input.AssociationIds.map((id) => associationArn(ctx, id)),
    async handle(ctx, input) {
      const rows = [];
      for (const id of input.AssociationIds) {
        const row = await deps.store.get(ctx, id);
        if (!row) throw new InvalidAssociation(`The association ${id} does not exist in this account and Region.`);
        rows.push(row);
      }
      // Runs now without moving the schedule.
      for (const row of rows) await deps.runner.execute(row, undefined, false);
      return {};
    },
  });
}
