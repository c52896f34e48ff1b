/** @module DescribeEffectiveInstanceAssociations: the associations that apply to a node, with their content. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { AwsInteger, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { managedInstanceArn } from "../../managed-nodes/index.ts";
import { specOf } from "../association-runner.ts";
import { InstanceIdShape, type StateManagerDeps } from "../association-shapes.ts";
import { requireNode } from "../require-node.ts";

export function describeEffectiveInstanceAssociationsAction(deps: StateManagerDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribeEffectiveInstanceAssociations",
    input: Type.Object({
      InstanceId: InstanceIdShape(),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 5 })),
      NextToken: Type.Optional(NextTokenShape()),
    }),
    // The node these describe (SSM's resource for both actions), not the associations in general.
    resources: (ctx, input) => [managedInstanceArn(ctx, input.InstanceId)],
    async handle(ctx, input) {
      await requireNode(deps, ctx, input.InstanceId);
      const effective = [];
      for (const row of await deps.store.list(ctx)) {
        const spec = specOf(row);
        const nodes = await deps.runner.targetNodes(ctx, spec, row.association_id);
        if (!nodes.some((n) => n.instance_id === input.InstanceId)) continue;
        const document = await deps.documents.resolve(ctx, spec.Name, { documentVersion: spec.DocumentVersion });
        effective.push({
          AssociationId: row.association_id,
          InstanceId: input.InstanceId,
          Content: document.selected.content,
          AssociationVersion: String(row.version),
        });
      }
      const { page, nextToken } = indexPage(
        deps.keyring,
        ctx,
        "DescribeEffectiveInstanceAssociations",
        effective,
        input.NextToken,
        input.MaxResults ?? 5,
      );
      return { Associations: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
