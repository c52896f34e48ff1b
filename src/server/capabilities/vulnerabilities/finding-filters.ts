/**
 * @module The filters of the vulnerability listings, read into a store filter: a VulnerabilityId filter takes ids and
 * aliases (CVE-2021-44228 finds the GHSA and distribution advisories that carry it).
 */
import { Type } from "@sinclair/typebox";
import { InvalidFilterKey, InvalidFilterValue } from "../../../protocol/errors/errors.ts";
import type { ActionContext } from "../../core/api/action.ts";
import { AwsBoolean, AwsEnum, AwsInteger, AwsList, AwsString, NextTokenShape } from "../../core/validation/aws-shapes.ts";
import { managedInstanceArn } from "../managed-nodes/index.ts";
import type { FindingFilter, VulnerabilityStore } from "./vulnerability-store.ts";

export const findingFilterKeys = ["InstanceId", "VulnerabilityId", "Severity", "Ecosystem", "Package"] as const;
const severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNSPECIFIED"];

export const FindingFiltersShape = () =>
  AwsList(
    Type.Object({
      Key: AwsEnum(findingFilterKeys),
      Values: AwsList(AwsString({ min: 1, max: 200 }), { min: 1, max: 20 }),
    }),
    { min: 0, max: 5 },
  );

/** The input of both listings: filters, the organization's accounts, a page. */
export const ListingInputShape = () =>
  Type.Object({
    Filters: Type.Optional(FindingFiltersShape()),
    AllAccounts: Type.Optional(AwsBoolean()),
    MaxResults: Type.Optional(AwsInteger({ min: 1, max: 500 })),
    NextToken: Type.Optional(NextTokenShape()),
  });

/** What a listing reads: the nodes its InstanceId filter names, else every node of the account. */
export function listingResources(ctx: ActionContext, input: { Filters?: FilterInput }): string[] {
  const ids = input.Filters?.find((f) => f.Key === "InstanceId")?.Values.map((v) => v.trim());
  return ids ? ids.map((id) => managedInstanceArn(ctx, id)) : [managedInstanceArn(ctx, "*")];
}

type FilterInput = { Key: (typeof findingFilterKeys)[number]; Values: string[] }[] | undefined;

/** The store filter of a request's filters (each key once; values trimmed; aliases resolved). */
export async function findingFilterOf(store: VulnerabilityStore, filters: FilterInput): Promise<FindingFilter> {
  const out: FindingFilter = {};
  const seen = new Set<string>();
  for (const filter of filters ?? []) {
    if (seen.has(filter.Key)) throw new InvalidFilterKey(`The filter key ${filter.Key} is given more than once.`);
    seen.add(filter.Key);
    const values = filter.Values.map((v) => v.trim());
    if (filter.Key === "InstanceId") out.instanceIds = values;
    else if (filter.Key === "Severity") {
      const bad = values.find((v) => !severities.includes(v));
      if (bad) throw new InvalidFilterValue(`Severity ${bad} is not one of ${severities.join(", ")}.`);
      out.severities = values;
    } else if (filter.Key === "Ecosystem") out.matchKeys = values;
    else if (filter.Key === "Package") out.packages = values;
    else {
      const ids = new Set<string>();
      for (const value of values) for (const row of await store.find(value)) ids.add(row.advisory_id);
      out.advisoryIds = [...ids];
    }
  }
  return out;
}
