/**
 * @module DescribeMaintenanceWindows: the account's windows, filtered by Name and Enabled (every filter must hold, one
 * of its values must match), with when each opens next.
 */
import { Type } from "@sinclair/typebox";
import { ValidationException } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { AwsInteger, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { type WindowDeps, WindowFiltersShape, windowArn, windowFilterTest, windowIdentity } from "../window-shapes.ts";
import type { WindowRow } from "../window-store.ts";

/** The fields each filter key reads. */
const filterFields: Record<string, (row: WindowRow) => string> = {
  Name: (row) => row.name,
  Enabled: (row) => String(row.enabled === 1),
};

export function describeMaintenanceWindowsAction(deps: WindowDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribeMaintenanceWindows",
    input: Type.Object({
      Filters: Type.Optional(WindowFiltersShape()),
      MaxResults: Type.Optional(AwsInteger({ min: 10, max: 100 })),
      NextToken: Type.Optional(NextTokenShape()),
    }),
    resources: (ctx) => [windowArn(ctx, "*")],
    async handle(ctx, input) {
      if (input.Filters?.some((f) => f.Key === "Enabled" && f.Values?.some((v) => v !== "true" && v !== "false")))
        throw new ValidationException("The Enabled filter takes true or false.");
      const matches = windowFilterTest(input.Filters, filterFields);
      const windows = (await deps.store.list(ctx)).filter(matches);
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
