/** @module GetParametersByPath: a level (or a subtree) of the hierarchy, filtered by Type, KeyId and Label. */
import { Type } from "@sinclair/typebox";
import { ValidationException } from "../../../../protocol/errors/errors.ts";
import { type ActionContext, defineAction } from "../../../core/api/action.ts";
import { decide } from "../../../core/api/dispatch.ts";
import { decodeNextToken, encodeNextToken } from "../../../core/api/next-token.ts";
import { AwsBoolean, AwsInteger, AwsList, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { parametersByPathKeys, validateFilters } from "../parameter-filters.ts";
import { parameterArn, readPath } from "../parameter-names.ts";
import { type ParameterDeps, ParameterNameShape, ParameterStringFilterShape } from "../parameter-shapes.ts";
import { parameterView, visibleValue } from "../parameter-view.ts";
import { filterLookups, scanParameters } from "../scan-parameters.ts";

/**
 * As in SSM, the right to read a path covers every level below it. Unlike SSM, Bosun also honours an explicit Deny of
 * any read on one parameter below it (decision 015), so a secret cannot be read around through its parent path.
 */
const deniedBelowPath = (ctx: ActionContext, arn: string): boolean =>
  ["ssm:GetParametersByPath", "ssm:GetParameter", "ssm:GetParameters"].some((action) => decide(ctx, action, arn) === "ExplicitDeny");

export function getParametersByPathAction(deps: ParameterDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "GetParametersByPath",
    input: Type.Object({
      Path: ParameterNameShape(),
      Recursive: Type.Optional(AwsBoolean()),
      ParameterFilters: Type.Optional(AwsList(ParameterStringFilterShape)),
      WithDecryption: Type.Optional(AwsBoolean()),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 10 })),
      NextToken: Type.Optional(NextTokenShape()),
    }),
    // The path as it will be queried (trimmed, without its trailing slash): see readPath.
    resources: (ctx, input) => [parameterArn(ctx, (readPath(input.Path) ?? input.Path.trim()).replace(/^\//, ""))],
    async handle(ctx, input) {
      const path = readPath(input.Path);
      if (!path)
        throw new ValidationException(
          `The parameter path ${input.Path} is not valid: a path begins with / and holds only letters, numbers and .-_ between slashes.`,
        );
      const filters = validateFilters(input.ParameterFilters, parametersByPathKeys);
      const lookups = await filterLookups(deps.store, async () => new Map(), ctx, filters);
      const labels = filters.find((f) => f.key === "Label")?.values;
      const after = input.NextToken
        ? decodeNextToken<{ after: string }>(deps.keyring, ctx, "GetParametersByPath", input.NextToken).after
        : undefined;
      const where = { ...(input.Recursive ? { under: path } : { parent: path }), ...(after !== undefined ? { after } : {}) };
      const limit = input.MaxResults ?? 10;
      const { page, more } = await scanParameters(deps.store, ctx, where, filters, lookups, limit);
      const parameters = [];
      for (const row of page) {
        if (deniedBelowPath(ctx, parameterArn(ctx, row.name_key))) continue;
        // With a Label filter, the labelled version is the one returned.
        const labelledVersion = labels?.map((l) => lookups.labelledVersions.get(l)?.get(row.name_key)).find((v) => v !== undefined);
        const fields =
          labelledVersion === undefined || labelledVersion === row.version
            ? row
            : ((await deps.store.getVersion(ctx, row.name_key, labelledVersion)) ?? row);
        const version = fields === row ? row.version : (labelledVersion ?? row.version);
        parameters.push(
          parameterView(
            ctx,
            row.name,
            row.name_key,
            version,
            fields,
            visibleValue(deps.keyring, ctx, row.name_key, fields, input.WithDecryption),
          ),
        );
      }
      const last = page[page.length - 1];
      const nextToken = more && last ? encodeNextToken(deps.keyring, ctx, "GetParametersByPath", { after: last.name_key }) : undefined;
      return { Parameters: parameters, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
