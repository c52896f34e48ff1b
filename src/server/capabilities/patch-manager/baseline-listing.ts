/**
 * @module What the listings share: every baseline a caller sees (the predefined ones and the account's own), which
 * of them is each operating system's default, and SSM's PatchOrchestratorFilters (a key and values; every filter must
 * hold, one of its values must match).
 */
import { Type } from "@sinclair/typebox";
import { ValidationException } from "../../../protocol/errors/errors.ts";
import type { Scope } from "../../core/store/scope.ts";
import { AwsInteger, AwsList, AwsString, NextTokenShape } from "../../core/validation/aws-shapes.ts";
import type { PatchBaselineStore } from "./patch-baseline-store.ts";
import type { OperatingSystem } from "./patch-shapes.ts";
import { predefinedBaselineId, predefinedBaselines, predefinedDefault } from "./predefined-baselines.ts";
import { type Baseline, ownBaseline } from "./resolve-baseline.ts";

/** SSM's PatchOrchestratorFilterList: up to five filters, each a key and values. */
export const OrchestratorFiltersShape = () =>
  Type.Optional(
    AwsList(
      Type.Object({
        Key: Type.Optional(AwsString({ min: 1, max: 128 })),
        Values: Type.Optional(AwsList(AwsString({ min: 1, max: 256 }))),
      }),
      { min: 0, max: 5 },
    ),
  );

/** The input of DescribePatchBaselines and DescribePatchGroups: filters and a page of up to 100. */
export const OrchestratorListingInput = () =>
  Type.Object({
    Filters: OrchestratorFiltersShape(),
    MaxResults: Type.Optional(AwsInteger({ min: 1, max: 100 })),
    NextToken: Type.Optional(NextTokenShape()),
  });

type Filters = { Key?: string; Values?: string[] }[] | undefined;

/**
 * The filters as one test of a record's fields. A key the listing does not know, or a filter with no key or no
 * values, is a ValidationException; a `_PREFIX` key matches the start of its field.
 */
export function orchestratorFilterTest(filters: Filters, keys: readonly string[]): (fields: Record<string, string>) => boolean {
  for (const filter of filters ?? []) {
    if (!filter.Key || !keys.includes(filter.Key))
      throw new ValidationException(`The filter key ${filter.Key ?? "(none)"} is not valid here; use one of ${keys.join(", ")}.`);
    if (!filter.Values?.length) throw new ValidationException(`The filter ${filter.Key} needs at least one value.`);
  }
  return (fields) =>
    (filters ?? []).every((filter) => {
      const key = filter.Key ?? "";
      const field = fields[key] ?? "";
      return (filter.Values ?? []).some((value) => (key.endsWith("_PREFIX") ? field.startsWith(value) : field === value));
    });
}

/** Every baseline the caller sees: the predefined ones of its Region, then its own by name. */
export async function visibleBaselines(store: PatchBaselineStore, scope: Scope): Promise<Baseline[]> {
  const predefined = predefinedBaselines.map(
    (baseline): Baseline => ({
      id: predefinedBaselineId(scope, baseline),
      name: baseline.name,
      operatingSystem: baseline.operatingSystem,
      body: baseline.body,
      owner: "AWS",
    }),
  );
  const own = (await store.list(scope)).map(ownBaseline);
  return [...predefined, ...own];
}

/** The id of an operating system's default baseline here: the one the account registered, else the predefined one. */
export async function defaultBaselineId(store: PatchBaselineStore, scope: Scope, os: OperatingSystem): Promise<string> {
  return (await store.defaultOf(scope, os)) ?? predefinedBaselineId(scope, predefinedDefault(os));
}
