/** @module DescribeInstanceInformation: the account's managed nodes with their health, filtered and paginated (5–50). */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { decodeNextToken, encodeNextToken } from "../../../core/api/next-token.ts";
import { filteredPage } from "../../../core/store/filtered-page.ts";
import { AwsEnum, AwsInteger, AwsList, AwsString, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { type InstanceFilter, matchesInstanceFilters, validateInstanceFilters } from "../instance-filters.ts";
import { instanceInformation } from "../instance-view.ts";
import { type ManagedNodeDeps, managedInstanceArn, managedInstanceResourceType } from "../managed-node-shapes.ts";

const ValueSet = () => AwsList(AwsString({ min: 1 }), { min: 1, max: 100 });

export function describeInstanceInformationAction(deps: ManagedNodeDeps, latestAgentVersion: string, lostAfterMs: number) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribeInstanceInformation",
    input: Type.Object({
      InstanceInformationFilterList: Type.Optional(
        AwsList(
          Type.Object({
            key: AwsEnum([
              "InstanceIds",
              "AgentVersion",
              "PingStatus",
              "PlatformTypes",
              "ActivationIds",
              "IamRole",
              "ResourceType",
              "AssociationStatus",
            ] as const),
            valueSet: ValueSet(),
          }),
          { min: 0 },
        ),
      ),
      Filters: Type.Optional(AwsList(Type.Object({ Key: AwsString({ min: 1 }), Values: ValueSet() }), { min: 0 })),
      MaxResults: Type.Optional(AwsInteger({ min: 5, max: 50 })),
      NextToken: Type.Optional(NextTokenShape()),
    }),
    resources: (ctx) => [managedInstanceArn(ctx, "*")],
    async handle(ctx, input) {
      const filters = validateInstanceFilters([
        ...(input.InstanceInformationFilterList ?? []).map((f): InstanceFilter => ({ key: f.key, values: f.valueSet })),
        ...(input.Filters ?? []).map((f): InstanceFilter => ({ key: f.Key, values: f.Values })),
      ]);
      const tagged = new Map<string, Set<string>>();
      for (const filter of filters) {
        if (filter.key === "tag-key") {
          const ids = new Set<string>();
          for (const key of filter.values)
            for (const id of await deps.tags.resourcesWithTag(ctx, managedInstanceResourceType, key)) ids.add(id);
          tagged.set(`${filter.key}=${filter.values.join(",")}`, ids);
        } else if (filter.key.startsWith("tag:")) {
          tagged.set(
            `${filter.key}=${filter.values.join(",")}`,
            await deps.tags.resourcesWithTag(ctx, managedInstanceResourceType, filter.key.slice(4), filter.values),
          );
        }
      }
      const clock = { now: ctx.now, lostAfterMs };
      const associations = (await deps.associationStatus.provider?.(ctx)) ?? new Map();
      const after = input.NextToken
        ? decodeNextToken<{ after: string }>(deps.keyring, ctx, "DescribeInstanceInformation", input.NextToken).after
        : undefined;
      const { page, more } = await filteredPage(
        (position: string | undefined, batch) => deps.instances.list(ctx, position, batch),
        (row) => row.instance_id,
        (row) => matchesInstanceFilters(row, filters, tagged, clock, associations),
        after,
        input.MaxResults ?? 50,
      );
      const last = page[page.length - 1];
      return {
        InstanceInformationList: page.map((row) => {
          const association = associations.get(row.instance_id);
          return {
            ...instanceInformation(row, clock, latestAgentVersion),
            ...(association
              ? {
                  AssociationStatus: association.status,
                  AssociationOverview: { DetailedStatus: association.status, InstanceAssociationStatusAggregatedCount: association.counts },
                }
              : {}),
          };
        }),
        ...(more && last
          ? { NextToken: encodeNextToken(deps.keyring, ctx, "DescribeInstanceInformation", { after: last.instance_id }) }
          : {}),
      };
    },
  });
}
