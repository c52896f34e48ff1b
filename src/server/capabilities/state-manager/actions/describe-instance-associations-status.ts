/** @module DescribeInstanceAssociationsStatus: a node's status for each association that targets it. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { AwsInteger, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { managedInstanceArn } from "../../managed-nodes/index.ts";
import { specOf } from "../association-runner.ts";
import { InstanceIdShape, type StateManagerDeps } from "../association-shapes.ts";
import { targetStatus } from "../association-status.ts";
import { requireNode } from "../require-node.ts";

export function describeInstanceAssociationsStatusAction(deps: StateManagerDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribeInstanceAssociationsStatus",
    input: Type.Object({
      InstanceId: InstanceIdShape(),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 50 })),
      NextToken: Type.Optional(NextTokenShape()),
    }),
    // The node these describe (SSM's resource for both actions), not the associations in general.
    resources: (ctx, input) => [managedInstanceArn(ctx, input.InstanceId)],
    async handle(ctx, input) {
      await requireNode(deps, ctx, input.InstanceId);
      const infos = [];
      for (const target of await deps.store.targetsOfNode(input.InstanceId)) {
        const row = await deps.store.get(ctx, target.association_id);
        if (!row) continue;
        const spec = specOf(row);
        const invocation = (await deps.runCommand.invocationsOf(target.command_id)).find((i) => i.instance_id === input.InstanceId);
        const { status, detailed } = targetStatus(invocation);
        const steps = invocation?.plugins ? (JSON.parse(invocation.plugins) as { status: string }[]) : [];
        const count = (s: string) => steps.filter((p) => p.status === s).length;
        infos.push({
          AssociationId: row.association_id,
          Name: spec.Name,
          DocumentVersion: spec.DocumentVersion ?? "$DEFAULT",
          AssociationVersion: String(row.version),
          InstanceId: input.InstanceId,
          ExecutionDate: (invocation?.ended_at ?? target.executed_at) / 1000,
          Status: status === "InProgress" ? "Pending" : status,
          DetailedStatus: detailed,
          ExecutionSummary: `${steps.length} out of ${steps.length} plugin processed, ${count("Success")} success, ${count("Failed")} failed, ${count("TimedOut")} timedout, ${count("Skipped")} skipped.`,
          ...(spec.AssociationName ? { AssociationName: spec.AssociationName } : {}),
        });
      }
      const { page, nextToken } = indexPage(
        deps.keyring,
        ctx,
        "DescribeInstanceAssociationsStatus",
        infos,
        input.NextToken,
        input.MaxResults ?? 50,
      );
      return { InstanceAssociationStatusInfos: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
