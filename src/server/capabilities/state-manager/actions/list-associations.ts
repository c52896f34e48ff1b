/** @module ListAssociations: the account's associations, filtered (name, id, status, node, last run) and paginated. */
import { Type } from "@sinclair/typebox";
import { ValidationException } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { AwsEnum, AwsInteger, AwsList, AwsString, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { specOf } from "../association-runner.ts";
import { associationArn, type StateManagerDeps } from "../association-shapes.ts";
import { overviewOf } from "../association-status.ts";
import { associationListing } from "../association-view.ts";

export function listAssociationsAction(deps: StateManagerDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "ListAssociations",
    input: Type.Object({
      AssociationFilterList: Type.Optional(
        AwsList(
          Type.Object({
            key: AwsEnum([
              "InstanceId",
              "Name",
              "AssociationId",
              "AssociationStatusName",
              "LastExecutedBefore",
              "LastExecutedAfter",
              "AssociationName",
              "ResourceGroupName",
              "CloudConnectorId",
            ] as const),
            value: AwsString({ min: 1 }),
          }),
          { min: 1 },
        ),
      ),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 50 })),
      NextToken: Type.Optional(NextTokenShape()),
    }),
    resources: (ctx) => [associationArn(ctx, "*")],
    async handle(ctx, input) {
      // Bosun has no resource groups or cloud connectors: a filter on one could only ever match nothing, which would
      // read as "no association here". Refused instead.
      const unsupported = input.AssociationFilterList?.find((f) => f.key === "ResourceGroupName" || f.key === "CloudConnectorId");
      if (unsupported)
        throw new ValidationException(`The ${unsupported.key} filter is not supported: Bosun has no resource groups or cloud connectors.`);
      const rows = await deps.store.list(ctx);
      const listed = [];
      for (const row of rows) {
        const spec = specOf(row);
        const overview = await overviewOf(deps.store, deps.runCommand, row);
        const reached = input.AssociationFilterList?.some((f) => f.key === "InstanceId")
          ? new Set((await deps.store.targets(row.association_id)).map((t) => t.instance_id))
          : undefined;
        const passes = (input.AssociationFilterList ?? []).every(({ key, value }) => {
          switch (key) {
            case "Name":
              return spec.Name === value;
            case "AssociationId":
              return row.association_id === value;
            case "AssociationName":
              return spec.AssociationName === value;
            case "AssociationStatusName":
              return overview.name === value;
            case "InstanceId":
              return reached?.has(value) || spec.Targets.some((t) => t.Key === "InstanceIds" && t.Values.includes(value));
            case "LastExecutedBefore":
            case "LastExecutedAfter": {
              const at = Date.parse(value);
              if (Number.isNaN(at)) throw new ValidationException(`The value of ${key} must be a time such as 2026-11-22T00:00:00Z.`);
              if (row.last_execution_at === null) return false;
              return key === "LastExecutedBefore" ? row.last_execution_at < at : row.last_execution_at > at;
            }
            default:
              return false;
          }
        });
        if (passes) listed.push(associationListing(row, overview));
      }
      const { page, nextToken } = indexPage(deps.keyring, ctx, "ListAssociations", listed, input.NextToken, input.MaxResults ?? 50);
      return { Associations: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
