/** @module DeleteAssociation, ListAssociationVersions and StartAssociationsOnce. */
import { Type } from "@sinclair/typebox";
import { AssociationDoesNotExist, InvalidAssociation } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { AwsInteger, AwsList, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import {
  AssociationIdShape,
  associationArn,
  associationResourceType,
  DocumentNameShape,
  InstanceIdShape,
  type StateManagerDeps,
} from "../association-shapes.ts";
import { versionInfo } from "../association-view.ts";
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

export function listAssociationVersionsAction(deps: StateManagerDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "ListAssociationVersions",
    input: Type.Object({
      AssociationId: AssociationIdShape(),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 50 })),
      NextToken: Type.Optional(NextTokenShape()),
    }),
    resources: (ctx, input) => [associationArn(ctx, input.AssociationId)],
    async handle(ctx, input) {
      if (!(await deps.store.get(ctx, input.AssociationId))) throw new AssociationDoesNotExist("The specified association does not exist.");
      const versions = (await deps.store.versions(input.AssociationId)).reverse();
      const { page, nextToken } = indexPage(
        deps.keyring,
        ctx,
        "ListAssociationVersions",
        versions,
        input.NextToken,
        input.MaxResults ?? 50,
      );
      return { AssociationVersions: page.map((v) => versionInfo(input.AssociationId, v)), ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}

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
