/** @module ListAssociationVersions: every version an association has had, newest first. */
import { Type } from "@sinclair/typebox";
import { AssociationDoesNotExist } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { AwsInteger, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { AssociationIdShape, associationArn, type StateManagerDeps } from "../association-shapes.ts";
import { versionInfo } from "../association-view.ts";

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
      if (!(await deps.store.get(ctx, input.AssociationId))) throw new AssociationDoesNotExist("The specified association doesn't exist.");
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
