/**
 * @module DescribeMaintenanceWindows: the account's windows, filtered by Name and Enabled (every filter must hold, one
 * of its values must match), with when each opens next.
 */
import { Type } from "@sinclair/typebox";
import { ValidationException } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { AwsInteger, AwsList, AwsString, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { type WindowDeps, windowArn, windowIdentity } from "../window-shapes.ts";

const filterKeys = ["Name", "Enabled"];

export function describeMaintenanceWindowsAction(deps: WindowDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribeMaintenanceWindows",
    input: Type.Object({
      Filters: Type.Optional(
        AwsList(
          Type.Object({
            Key: Type.Optional(AwsString({ min: 1, max: 128 })),
            Values: Type.Optional(AwsList(AwsString({ min: 1, max: 256 }))),
          }),
          { min: 0, max: 5 },
        ),
      ),
      MaxResults: Type.Optional(AwsInteger({ min: 10, max: 100 })),
      NextToken: Type.Optional(NextTokenShape()),
    }),
    resources: (ctx) => [windowArn(ctx, "*")],
    async handle(ctx, input) {
      for (const filter of input.Filters ?? []) {
        if (!filter.Key || !filterKeys.includes(filter.Key))
          throw new ValidationException(`The filter key ${filter.Key ?? "(none)"} is not valid here; use one of ${filterKeys.join(", ")}.`);
        if (filter.Key === "Enabled" && filter.Values?.some((v) => v !== "true" && v !== "false"))
          throw new ValidationException("The Enabled filter takes true or false.");
      }
      const windows = (await deps.store.list(ctx)).filter((row) =>
        (input.Filters ?? []).every((filter) => {
          const field = filter.Key === "Name" ? row.name : String(row.enabled === 1);
          return (filter.Values ?? []).length === 0 || (filter.Values ?? []).includes(field);
        }),
      );
      const identities = windows.map((row) => windowIdentity(row, ctx.now));
      const { page, nextToken } = indexPage(
        deps.keyring,
        ctx,
        "DescribeMaintenanceWindows",
        identities,
        input.NextToken,
        input.MaxResults ?? 10,
      );
      return { WindowIdentities: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
