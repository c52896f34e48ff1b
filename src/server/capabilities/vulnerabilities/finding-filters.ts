/**
 * @module The filters of the vulnerability listings, read into a store filter: a VulnerabilityId filter takes ids and
 * aliases (CVE-2021-44228 finds the GHSA and distribution advisories that carry it).
 */
import { Type } from "@sinclair/typebox";
import { InvalidFilterKey, InvalidFilterValue, InvalidNextToken } from "../../../protocol/errors/errors.ts";
import type { ActionContext } from "../../core/api/action.ts";
import { decodeNextToken } from "../../core/api/next-token.ts";
import { AwsBoolean, AwsEnum, AwsInteger, AwsList, AwsString, NextTokenShape } from "../../core/validation/aws-shapes.ts";
import { managedInstanceArn } from "../managed-nodes/index.ts";
import { accountsToRead } from "../organizations/index.ts";
import type { VulnerabilityDeps } from "./vulnerability-shapes.ts";
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

/**
 * What both listings start from: the accounts read (AllAccounts for the management account or a delegated
 * administrator), the store filter, and where the NextToken left off (refused when issued for another AllAccounts).
 */
export async function startListing<Position extends { all: boolean }>(
  deps: VulnerabilityDeps,
  ctx: ActionContext,
  input: { Filters?: FilterInput; AllAccounts?: boolean | undefined; NextToken?: string | undefined },
  action: string,
): Promise<{ accounts: string[]; filter: FindingFilter; all: boolean; start: Position | undefined }> {
  const accounts = await accountsToRead(deps.organization, ctx.accountId, input.AllAccounts, "vulnerability findings");
  const filter = await findingFilterOf(deps.store, input.Filters);
  const all = input.AllAccounts === true;
  const start = input.NextToken ? decodeNextToken<Position>(deps.keyring, ctx, action, input.NextToken) : undefined;
  if (start && start.all !== all) throw new InvalidNextToken("The NextToken was issued for a listing with a different AllAccounts.");
  return { accounts, filter, all, start };
}
