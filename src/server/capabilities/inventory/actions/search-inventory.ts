/** @module Bosun.SearchInventory: fleet search across inventory types and node fields, paginated (see fleet-search.ts). */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { decodeNextToken, encodeNextToken } from "../../../core/api/next-token.ts";
import { AwsEnum, AwsInteger, AwsList, AwsString, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { searchFleet } from "../fleet-search.ts";
import { type InventoryDeps, inventoryArn } from "../inventory-shapes.ts";

export function searchInventoryAction(deps: InventoryDeps) {
  return defineAction({
    target: "Bosun",
    name: "SearchInventory",
    input: Type.Object({
      Conditions: AwsList(
        Type.Object({
          Key: AwsString({ min: 1, max: 200 }),
          Operator: AwsEnum(["Equal", "NotEqual", "BeginWith", "LessThan", "GreaterThan", "Exists"] as const),
          Values: AwsList(AwsString({ max: 4096 }), { min: 0, max: 40 }),
        }),
        { min: 0, max: 20 },
      ),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 1000 })),
      NextToken: Type.Optional(NextTokenShape()),
    }),
    iamAction: "ssm:GetInventory",
    resources: (ctx) => [inventoryArn(ctx, "*")],
    async handle(ctx, input) {
      const result = await searchFleet(deps, ctx, input.Conditions, ctx.now);
      const start = input.NextToken ? decodeNextToken<{ index: number }>(deps.keyring, ctx, "SearchInventory", input.NextToken).index : 0;
      const limit = input.MaxResults ?? 100;
      return {
        Results: await result.rows(result.matches.slice(start, start + limit)),
        TotalCount: result.matches.length,
        ...(start + limit < result.matches.length
          ? { NextToken: encodeNextToken(deps.keyring, ctx, "SearchInventory", { index: start + limit }) }
          : {}),
      };
    },
  });
}
