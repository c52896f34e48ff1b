/** @module A filtered keyset scan over parameters in name order, returning one page and whether more match. */
import { filteredPage } from "../../core/store/filtered-page.ts";
import type { Scope } from "../../core/store/scope.ts";
import { type Filter, type FilterLookups, matchesFilters, valueMatches } from "./parameter-filters.ts";
import type { ListQuery, ParameterRow, ParameterStore } from "./parameter-store.ts";

/** One page of parameters under `where` that pass the filters, in name order. */
export function scanParameters(
  store: ParameterStore,
  scope: Scope,
  where: Omit<ListQuery, "limit">,
  filters: readonly Filter[],
  lookups: FilterLookups,
  limit: number,
): Promise<{ page: ParameterRow[]; more: boolean }> {
  const { after, ...rest } = where;
  return filteredPage(
    (position: string | undefined, batch) =>
      store.list(scope, { ...rest, ...(position !== undefined ? { after: position } : {}), limit: batch }),
    (row) => row.name_key,
    (row) => matchesFilters(row, filters, lookups),
    after,
    limit,
  );
}

/** Looks up what Label and tag filters need, once per request. */
export async function filterLookups(
  store: ParameterStore,
  tagged: (key: string) => Promise<Map<string, string>>,
  scope: Scope,
  filters: readonly Filter[],
): Promise<FilterLookups & { labelledVersions: Map<string, Map<string, number>> }> {
  const labelledVersions = new Map<string, Map<string, number>>();
  const tags = new Map<string, Set<string>>();
  for (const filter of filters) {
    if (filter.key === "Label") for (const label of filter.values) labelledVersions.set(label, await store.labelled(scope, label));
    if (filter.key.startsWith("tag:")) {
      // Every parameter with the tag key and its value; a filter without values matches any value.
      const values = await tagged(filter.key.slice(4));
      const ids = [...values].filter(([, value]) => filter.values.length === 0 || valueMatches(filter, value)).map(([id]) => id);
      tags.set(filter.key, new Set(ids));
    }
  }
  return { labelled: new Map([...labelledVersions].map(([label, m]) => [label, new Set(m.keys())])), tagged: tags, labelledVersions };
}
