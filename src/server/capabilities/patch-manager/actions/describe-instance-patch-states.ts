/** @module DescribeInstancePatchStates: each named node's last patch run — its baseline, group, operation and counts. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { AwsInteger, AwsList, InstanceIdShape, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { managedInstanceArn } from "../../managed-nodes/index.ts";
import type { PatchDeps } from "../patch-shapes.ts";
import { instancePatchState } from "../patch-state-view.ts";

export function describeInstancePatchStatesAction(deps: PatchDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribeInstancePatchStates",
    input: Type.Object({
      InstanceIds: AwsList(InstanceIdShape(), { min: 0, max: 50 }),
      NextToken: Type.Optional(NextTokenShape()),
      MaxResults: Type.Optional(AwsInteger({ min: 10, max: 100 })),
    }),
    resources: (ctx, input) => input.InstanceIds.map((id) => managedInstanceArn(ctx, id)),
    async handle(ctx, input) {
      const states = (await deps.states.states(ctx, input.InstanceIds)).map(instancePatchState);
      const { page, nextToken } = indexPage(
        deps.keyring,
        ctx,
        "DescribeInstancePatchStates",
        states,
        input.NextToken,
        input.MaxResults ?? 10,
      );
      return { InstancePatchStates: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
