/** @module DescribeAssociation: by AssociationId (any version), or by document Name with InstanceId. */
import { Type } from "@sinclair/typebox";
import { AssociationDoesNotExist, InvalidAssociationVersion } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import type { Scope } from "../../../core/store/scope.ts";
import { specOf } from "../association-runner.ts";
import {
  AssociationIdShape,
  AssociationVersionShape,
  associationArn,
  DocumentNameShape,
  InstanceIdShape,
  type StateManagerDeps,
} from "../association-shapes.ts";
import { overviewOf } from "../association-status.ts";
import type { AssociationRow } from "../association-store.ts";
import { associationDescription } from "../association-view.ts";

/** The association a request names: its id, or the one association of a document on an instance. */
export async function findAssociation(
  deps: StateManagerDeps,
  scope: Scope,
  input: { AssociationId?: string | undefined; Name?: string | undefined; InstanceId?: string | undefined },
): Promise<AssociationRow> {
  let row: AssociationRow | undefined;
  if (input.AssociationId) row = await deps.store.get(scope, input.AssociationId);
  else if (input.Name && input.InstanceId)
    row = (await deps.store.list(scope)).find((a) => {
      const spec = specOf(a);
      return spec.Name === input.Name && spec.Targets.some((t) => t.Key === "InstanceIds" && t.Values.includes(input.InstanceId ?? ""));
    });
  if (!row) throw new AssociationDoesNotExist("The specified association doesn't exist.");
  return row;
}

export function describeAssociationAction(deps: StateManagerDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribeAssociation",
    input: Type.Object({
      Name: Type.Optional(DocumentNameShape()),
      InstanceId: Type.Optional(InstanceIdShape()),
      AssociationId: Type.Optional(AssociationIdShape()),
      AssociationVersion: Type.Optional(AssociationVersionShape()),
    }),
    resources: (ctx, input) => [associationArn(ctx, input.AssociationId ?? "*")],
    async handle(ctx, input) {
      const row = await findAssociation(deps, ctx, input);
      let shown = row;
      if (input.AssociationVersion && input.AssociationVersion !== "$LATEST") {
        const version = await deps.store.version(row.association_id, Number(input.AssociationVersion));
        if (!version) throw new InvalidAssociationVersion(`Association ${row.association_id} has no version ${input.AssociationVersion}.`);
        shown = { ...row, version: Number(input.AssociationVersion), spec: version.spec };
      }
      return { AssociationDescription: associationDescription(shown, await overviewOf(deps.store, deps.runCommand, row)) };
    },
  });
}
