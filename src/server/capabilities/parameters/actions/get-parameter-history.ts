/** @module GetParameterHistory: every kept version, oldest first, with its labels and policies. */
import { Type } from "@sinclair/typebox";
import { ParameterNotFound } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { decodeNextToken, encodeNextToken } from "../../../core/api/next-token.ts";
import { filteredPage } from "../../../core/store/filtered-page.ts";
import { AwsBoolean, AwsInteger, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { readName } from "../parameter-names.ts";
import { arnForName, type ParameterDeps, ParameterNameShape } from "../parameter-shapes.ts";
import { historyView, visibleValue } from "../parameter-view.ts";

export function getParameterHistoryAction(deps: ParameterDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "GetParameterHistory",
    input: Type.Object({
      Name: ParameterNameShape(),
      WithDecryption: Type.Optional(AwsBoolean()),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 50 })),
      NextToken: Type.Optional(NextTokenShape()),
    }),
    resources: (ctx, input) => [arnForName(ctx, input.Name)],
    async handle(ctx, input) {
      const name = readName(input.Name);
      const current = name ? await deps.store.get(ctx, name.key) : undefined;
      if (!name || !current) throw new ParameterNotFound(`Parameter ${input.Name} not found.`);
      const after = input.NextToken
        ? decodeNextToken<{ after: number }>(deps.keyring, ctx, "GetParameterHistory", input.NextToken).after
        : 0;
      const { page, more } = await filteredPage(
        (position: number | undefined, batch) => deps.store.listVersions(ctx, name.key, position ?? 0, batch),
        (row) => row.version,
        () => true,
        after,
        input.MaxResults ?? 50,
      );
      const labels = await deps.store.labels(ctx, name.key);
      const last = page[page.length - 1];
      return {
        Parameters: page.map((row) =>
          historyView(
            current.name,
            row.version,
            row,
            visibleValue(deps.keyring, ctx, name.key, row, input.WithDecryption),
            labels.get(row.version) ?? [],
            ctx.now,
          ),
        ),
        ...(more && last ? { NextToken: encodeNextToken(deps.keyring, ctx, "GetParameterHistory", { after: last.version }) } : {}),
      };
    },
  });
}
