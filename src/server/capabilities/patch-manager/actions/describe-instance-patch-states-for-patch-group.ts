/**
 * @module DescribeInstancePatchStatesForPatchGroup: the last patch run of every node in a patch group, filtered on its
 * counts (`MissingCount GreaterThan 0`, …) with Equal, NotEqual, LessThan and GreaterThan.
 */
import { Type } from "@sinclair/typebox";
import { InvalidFilter } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { AwsEnum, AwsInteger, AwsList, AwsString, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { type PatchDeps, PatchGroupShape, patchListingArn } from "../patch-shapes.ts";
import { instancePatchState } from "../patch-state-view.ts";

/** The counts a filter may compare. */
const countKeys = [
  "InstalledCount",
  "InstalledOtherCount",
  "InstalledPendingRebootCount",
  "InstalledRejectedCount",
  "MissingCount",
  "FailedCount",
  "UnreportedNotApplicableCount",
  "NotApplicableCount",
] as const;

const compare = {
  Equal: (a: number, b: number) => a === b,
  NotEqual: (a: number, b: number) => a !== b,
  LessThan: (a: number, b: number) => a < b,
  GreaterThan: (a: number, b: number) => a > b,
};

export function describeInstancePatchStatesForPatchGroupAction(deps: PatchDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribeInstancePatchStatesForPatchGroup",
    input: Type.Object({
      PatchGroup: PatchGroupShape(),
      Filters: Type.Optional(
        AwsList(
          Type.Object({
            Key: AwsString({ min: 1, max: 200 }),
            Values: AwsList(AwsString(), { min: 1, max: 1 }),
            Type: AwsEnum(["Equal", "NotEqual", "LessThan", "GreaterThan"] as const),
          }),
          { min: 0, max: 4 },
        ),
      ),
      NextToken: Type.Optional(NextTokenShape()),
      MaxResults: Type.Optional(AwsInteger({ min: 10, max: 100 })),
    }),
    resources: (ctx) => [patchListingArn(ctx)],
    async handle(ctx, input) {
      const tests = (input.Filters ?? []).map((filter) => {
        if (!(countKeys as readonly string[]).includes(filter.Key))
          throw new InvalidFilter(`The filter key ${filter.Key} is not valid; use one of ${countKeys.join(", ")}.`);
        const value = Number(filter.Values[0]);
        if (!Number.isInteger(value)) throw new InvalidFilter(`The filter ${filter.Key} compares a whole number, not ${filter.Values[0]}.`);
        return (counts: Record<string, unknown>) => compare[filter.Type](Number(counts[filter.Key] ?? 0), value);
      });
      const states = (await deps.states.statesOfGroup(ctx, input.PatchGroup))
        .map(instancePatchState)
        .filter((state) => tests.every((test) => test(state)));
      const { page, nextToken } = indexPage(
        deps.keyring,
        ctx,
        "DescribeInstancePatchStatesForPatchGroup",
        states,
        input.NextToken,
        input.MaxResults ?? 10,
      );
      return { InstancePatchStates: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
