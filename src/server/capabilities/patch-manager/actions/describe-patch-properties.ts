/**
 * @module DescribePatchProperties: the values a patch filter can take for an operating system — its products,
 * classifications and severities (on Debian and Ubuntu, sections and priorities) — from the patches its nodes reported.
 */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { AwsEnum, AwsInteger, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { OperatingSystemShape, type PatchDeps, patchListingArn } from "../patch-shapes.ts";

const columnOf = {
  PRODUCT: "product",
  PRODUCT_FAMILY: undefined,
  CLASSIFICATION: "classification",
  MSRC_SEVERITY: "severity",
  PRIORITY: "severity",
  SEVERITY: "severity",
} as const;

export function describePatchPropertiesAction(deps: PatchDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribePatchProperties",
    input: Type.Object({
      OperatingSystem: OperatingSystemShape(),
      Property: AwsEnum(["PRODUCT", "PRODUCT_FAMILY", "CLASSIFICATION", "MSRC_SEVERITY", "PRIORITY", "SEVERITY"] as const),
      PatchSet: Type.Optional(AwsEnum(["OS", "APPLICATION"] as const)),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 50 })),
      NextToken: Type.Optional(NextTokenShape()),
    }),
    resources: (ctx) => [patchListingArn(ctx)],
    async handle(ctx, input) {
      const column = columnOf[input.Property];
      const values = column
        ? [...new Set((await deps.catalog.list(ctx, input.OperatingSystem)).map((row) => row[column]).filter(Boolean))].sort()
        : [];
      const { page, nextToken } = indexPage(
        deps.keyring,
        ctx,
        "DescribePatchProperties",
        values.map((Name) => ({ Name })),
        input.NextToken,
        input.MaxResults ?? 50,
      );
      return { Properties: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
