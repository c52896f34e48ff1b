/** @module DescribeParameters: metadata of every parameter that passes the filters, paginated. */
import { Type } from "@sinclair/typebox";
import { ValidationException } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { decodeNextToken, encodeNextToken } from "../../../core/api/next-token.ts";
import { AwsBoolean, AwsEnum, AwsInteger, AwsList, AwsString, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { describeParametersKeys, legacyFilters, rejectBothFilterKinds, validateFilters } from "../parameter-filters.ts";
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
      const filters = input.Filters ? legacyFilters(input.Filters) : validateFilters(input.ParameterFilters, describeParametersKeys);
      const after = input.NextToken
        ? decodeNextToken<{ after: string }>(deps.keyring, ctx, "DescribeParameters", input.NextToken).after
        : undefined;
      // Parameters shared from other accounts (AWS RAM) do not exist in Bosun: asking for them is refused, not answered
      // with an empty list that would look like "nothing is shared with you".
      if (input.Shared)
        throw new ValidationException("Bosun does not share parameters between accounts (AWS RAM); Shared=true is not supported.");
      const lookups = await filterLookups(deps.store, (key) => deps.tags.valuesOfTag(ctx, parameterResourceType, key), ctx, filters);
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
