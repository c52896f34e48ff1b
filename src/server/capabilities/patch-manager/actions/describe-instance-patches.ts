/**
 * @module DescribeInstancePatches: the state of each package on a node after its last patch run, filtered by
 * Classification, KBId, Severity or State (SSM's PatchOrchestratorFilters).
 */
import { Type } from "@sinclair/typebox";
import { InvalidFilter, InvalidInstanceId } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { AwsInteger, InstanceIdShape, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { managedInstanceArn } from "../../managed-nodes/index.ts";
import { OrchestratorFiltersShape } from "../baseline-listing.ts";
import type { PatchDeps } from "../patch-shapes.ts";
import { patchComplianceData } from "../patch-state-view.ts";

const keys = ["Classification", "KBId", "Severity", "State"] as const;

export function describeInstancePatchesAction(deps: PatchDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribeInstancePatches",
    input: Type.Object({
      InstanceId: InstanceIdShape(),
      Filters: OrchestratorFiltersShape(),
      NextToken: Type.Optional(NextTokenShape()),
      MaxResults: Type.Optional(AwsInteger({ min: 10, max: 100 })),
    }),
    resources: (ctx, input) => [managedInstanceArn(ctx, input.InstanceId)],
    async handle(ctx, input) {
      for (const filter of input.Filters ?? []) {
        if (!filter.Key || !(keys as readonly string[]).includes(filter.Key))
          throw new InvalidFilter(`The filter key ${filter.Key ?? "(none)"} is not valid; use one of ${keys.join(", ")}.`);
        if (!filter.Values?.length) throw new InvalidFilter(`The filter ${filter.Key} needs at least one value.`);
      }
      const node = await deps.nodes.instances.get(ctx, input.InstanceId);
      if (!node || node.terminated_at !== null)
        throw new InvalidInstanceId(`${input.InstanceId} is not a managed node of this account and Region.`);
      const patches = (await deps.states.patches(ctx, input.InstanceId))
        .map(patchComplianceData)
        .filter((patch) =>
          (input.Filters ?? []).every((filter) => (filter.Values ?? []).includes(String(patch[filter.Key as (typeof keys)[number]]))),
        );
      const { page, nextToken } = indexPage(deps.keyring, ctx, "DescribeInstancePatches", patches, input.NextToken, input.MaxResults ?? 10);
      return { Patches: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
