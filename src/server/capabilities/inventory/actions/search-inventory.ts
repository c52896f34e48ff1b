/** @module Bosun.SearchInventory: fleet search across inventory types and node fields, paginated (see fleet-search.ts). */
import { Type } from "@sinclair/typebox";
import { InvalidNextToken } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { decodeNextToken, encodeNextToken } from "../../../core/api/next-token.ts";
import { AwsEnum, AwsInteger, AwsList, AwsString, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { accountsToRead } from "../../organizations/index.ts";
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
      /** Every account of the caller's organization (management account or delegated administrator only). */
      AllAccounts: Type.Optional(Type.Boolean()),
    }),
    iamAction: "ssm:GetInventory",
    resources: (ctx) => [inventoryArn(ctx, "*")],
    async handle(ctx, input) {
      const accounts = await accountsToRead(deps.organization, ctx.accountId, input.AllAccounts, "fleet data");
      // Each account is searched in its own scope; results keep the account they came from.
      const results = await Promise.all(
        accounts.map(async (accountId) => ({
          accountId,
          result: await searchFleet(deps, { accountId, region: ctx.region }, input.Conditions, ctx.now),
        })),
      );
      const matches = results.flatMap(({ accountId, result }) => result.matches.map((match) => ({ accountId, result, match })));
      const all = input.AllAccounts === true;
      const start = input.NextToken
        ? decodeNextToken<{ index: number; all: boolean }>(deps.keyring, ctx, "SearchInventory", input.NextToken)
        : undefined;
      if (start && start.all !== all) throw new InvalidNextToken("The NextToken was issued for a search with a different AllAccounts.");
      const from = start?.index ?? 0;
      const limit = input.MaxResults ?? 100;
      const page = matches.slice(from, from + limit);
      const rows = [];
      for (const { accountId, result } of results) {
        const mine = page.filter((m) => m.result === result).map((m) => m.match);
        if (mine.length > 0) rows.push(...(await result.rows(mine)).map((row) => ({ AccountId: accountId, ...row })));
      }
      return {
        Results: rows,
        TotalCount: matches.length,
        ...(from + limit < matches.length
          ? { NextToken: encodeNextToken(deps.keyring, ctx, "SearchInventory", { index: from + limit, all }) }
          : {}),
      };
    },
  });
}
