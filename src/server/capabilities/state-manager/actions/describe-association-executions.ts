/** @module DescribeAssociationExecutions: an association's runs, filtered and paged. */
import { Type } from "@sinclair/typebox";
import { AssociationDoesNotExist, ValidationException } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { AwsEnum, AwsInteger, AwsList, AwsString, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { AssociationIdShape, associationArn, type StateManagerDeps } from "../association-shapes.ts";
import { executionStatus } from "../association-status.ts";

export function describeAssociationExecutionsAction(deps: StateManagerDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribeAssociationExecutions",
    input: Type.Object({
      AssociationId: AssociationIdShape(),
      Filters: Type.Optional(
        AwsList(
          Type.Object({
            Key: AwsEnum(["ExecutionId", "Status", "CreatedTime"] as const),
            Value: AwsString({ min: 1 }),
            Type: AwsEnum(["EQUAL", "LESS_THAN", "GREATER_THAN"] as const),
          }),
          { min: 1 },
        ),
      ),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 50 })),
      NextToken: Type.Optional(NextTokenShape()),
    }),
    resources: (ctx, input) => [associationArn(ctx, input.AssociationId)],
    async handle(ctx, input) {
      if (!(await deps.store.get(ctx, input.AssociationId))) throw new AssociationDoesNotExist("The specified association doesn't exist.");
      const views = [];
      for (const execution of await deps.store.executions(input.AssociationId)) {
        const { status, counts } = executionStatus(await deps.runCommand.invocationsOf(execution.command_id));
        const view = {
          AssociationId: execution.association_id,
          AssociationVersion: String(execution.version),
          ExecutionId: execution.execution_id,
          Status: status,
          DetailedStatus: status,
          CreatedTime: execution.created_at / 1000,
          // SSM writes the counts as a Java map prints: {Failed=1, Success=2}.
          ResourceCountByStatus: `{${Object.entries(counts)
            .map(([state, count]) => `${state}=${count}`)
            .join(", ")}}`,
        };
        const passes = (input.Filters ?? []).every((f) => {
          if (f.Key === "CreatedTime") {
            const at = Date.parse(f.Value);
            if (Number.isNaN(at)) throw new ValidationException("The CreatedTime filter takes a time such as 2026-11-22T00:00:00Z.");
            return f.Type === "EQUAL"
              ? execution.created_at === at
              : f.Type === "LESS_THAN"
                ? execution.created_at < at
                : execution.created_at > at;
          }
          if (f.Type !== "EQUAL") throw new ValidationException(`The ${f.Key} filter takes the EQUAL operator.`);
          return f.Key === "ExecutionId" ? execution.execution_id === f.Value : status === f.Value;
        });
        if (passes) views.push(view);
      }
      const { page, nextToken } = indexPage(
        deps.keyring,
        ctx,
        "DescribeAssociationExecutions",
        views,
        input.NextToken,
        input.MaxResults ?? 50,
      );
      return { AssociationExecutions: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
