/** @module DescribeParameters: metadata of every parameter that passes the filters, paginated. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { decodeNextToken, encodeNextToken } from "../../../core/api/next-token.ts";
import { AwsBoolean, AwsEnum, AwsInteger, AwsList, AwsString, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { legacyFilters, rejectBothFilterKinds, validateFilters } from "../parameter-filters.ts";
import { type ParameterDeps, ParameterStringFilterShape, parameterResourceType } from "../parameter-shapes.ts";
import { metadataView } from "../parameter-view.ts";
import { filterLookups, scanParameters } from "../scan-parameters.ts";

const LegacyFilterShape = Type.Object({
  Key: AwsEnum(["Name", "Type", "KeyId"] as const),
  Values: AwsList(AwsString({ min: 1, max: 1024 }), { min: 1, max: 50 }),
});

export function describeParametersAction(deps: ParameterDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribeParameters",
    input: Type.Object({
      Filters: Type.Optional(AwsList(LegacyFilterShape)),
      ParameterFilters: Type.Optional(AwsList(ParameterStringFilterShape)),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 50 })),
      NextToken: Type.Optional(NextTokenShape()),
      Shared: Type.Optional(AwsBoolean()),
    }),
    resources: (ctx) => [`arn:aws:ssm:${ctx.region}:${ctx.accountId}:*`],
    async handle(ctx, input) {
      rejectBothFilterKinds(input.Filters, input.ParameterFilters);
      const filters = input.Filters
        ? legacyFilters(input.Filters)
        : validateFilters(input.ParameterFilters, ["Name", "Type", "KeyId", "Path", "Tier", "Label", "DataType", "tag"]);
      const after = input.NextToken
        ? decodeNextToken<{ after: string }>(deps.keyring, ctx, "DescribeParameters", input.NextToken).after
        : undefined;
      // Parameters shared from other accounts (AWS RAM) do not exist in Bosun: a Shared listing is empty.
      if (input.Shared) return { Parameters: [] };
      const lookups = await filterLookups(
        deps.store,
        (key, values) => deps.tags.resourcesWithTag(ctx, parameterResourceType, key, values),
        ctx,
        filters,
      );
      const { page, more } = await scanParameters(
        deps.store,
        ctx,
        after !== undefined ? { after } : {},
        filters,
        lookups,
        input.MaxResults ?? 50,
      );
      const last = page[page.length - 1];
      return {
        Parameters: page.map((row) => metadataView(ctx, row, ctx.now)),
        ...(more && last ? { NextToken: encodeNextToken(deps.keyring, ctx, "DescribeParameters", { after: last.name_key }) } : {}),
      };
    },
  });
}
