/** @module DescribeAssociationExecutionTargets: one run's result on each node. */
import { Type } from "@sinclair/typebox";
import { AssociationDoesNotExist, AssociationExecutionDoesNotExist } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { AwsEnum, AwsInteger, AwsList, AwsString, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { AssociationIdShape, associationArn, type StateManagerDeps } from "../association-shapes.ts";
import { targetStatus } from "../association-status.ts";

export function describeAssociationExecutionTargetsAction(deps: StateManagerDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribeAssociationExecutionTargets",
    input: Type.Object({
      AssociationId: AssociationIdShape(),
      ExecutionId: AwsString({ pattern: "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}" }),
      Filters: Type.Optional(
        AwsList(Type.Object({ Key: AwsEnum(["Status", "ResourceId", "ResourceType"] as const), Value: AwsString({ min: 1 }) }), { min: 1 }),
      ),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 50 })),
      NextToken: Type.Optional(NextTokenShape()),
    }),
    resources: (ctx, input) => [associationArn(ctx, input.AssociationId)],
    async handle(ctx, input) {
      if (!(await deps.store.get(ctx, input.AssociationId))) throw new AssociationDoesNotExist("The specified association doesn't exist.");
      const execution = await deps.store.execution(input.AssociationId, input.ExecutionId);
      if (!execution) throw new AssociationExecutionDoesNotExist("The specified execution does not exist for this association.");
      const views = (await deps.runCommand.invocationsOf(execution.command_id))
        .map((invocation) => {
          const { status, detailed } = targetStatus(invocation);
          return {
            AssociationId: execution.association_id,
            AssociationVersion: String(execution.version),
            ExecutionId: execution.execution_id,
            ResourceId: invocation.instance_id,
            ResourceType: "ManagedInstance",
            Status: status,
            DetailedStatus: detailed,
            LastExecutionDate: (invocation.ended_at ?? invocation.requested_at) / 1000,
            OutputSource: { OutputSourceId: execution.command_id, OutputSourceType: "RunCommand" },
          };
        })
        .filter((view) =>
          (input.Filters ?? []).every((f) =>
            f.Key === "Status"
              ? view.Status === f.Value
              : f.Key === "ResourceId"
                ? view.ResourceId === f.Value
                : view.ResourceType === f.Value,
          ),
        );
      const { page, nextToken } = indexPage(
        deps.keyring,
        ctx,
        "DescribeAssociationExecutionTargets",
        views,
        input.NextToken,
        input.MaxResults ?? 50,
      );
      return { AssociationExecutionTargets: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
