/** @module DeleteAssociation: by id, or by document name and node. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import {
  AssociationIdShape,
  associationArn,
  associationResourceType,
  DocumentNameShape,
  InstanceIdShape,
  type StateManagerDeps,
} from "../association-shapes.ts";
import { findAssociation } from "./describe-association.ts";

export function deleteAssociationAction(deps: StateManagerDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DeleteAssociation",
    input: Type.Object({
      Name: Type.Optional(DocumentNameShape()),
      InstanceId: Type.Optional(InstanceIdShape()),
      AssociationId: Type.Optional(AssociationIdShape()),
    }),
    resources: (ctx, input) => [associationArn(ctx, input.AssociationId ?? "*")],
    async handle(ctx, input) {
      const row = await findAssociation(deps, ctx, input);
      await deps.store.delete(ctx, row.association_id);
      await deps.tags.removeAll(ctx, associationResourceType, row.association_id);
      return {};
    },
  });
}
