/** @module A filtered keyset scan over parameters in name order, returning one page and whether more match. */
import { type Filter, type FilterLookups, matchesFilters } from "./parameter-filters.ts";
import type { Scope } from "./parameter-names.ts";
import type { ListQuery, ParameterRow, ParameterStore } from "./parameter-store.ts";

const scanBatch = 200;

export async function scanParameters(
  store: ParameterStore,
  scope: Scope,
  where: Omit<ListQuery, "limit">,
  filters: readonly Filter[],
  lookups: FilterLookups,
  limit: number,
): Promise<{ page: ParameterRow[]; more: boolean }> {
  const matches: ParameterRow[] = [];
  let after = where.after;
  for (;;) {
    const rows = await store.list(scope, { ...where, ...(after !== undefined ? { after } : {}), limit: scanBatch });
    for (const row of rows) {
      // One match past the page tells whether a NextToken is owed, so a listing never ends on an empty page.
      if (matchesFilters(row, filters, lookups)) matches.push(row);
      if (matches.length > limit) return { page: matches.slice(0, limit), more: true };
    }
    if (rows.length < scanBatch) return { page: matches, more: false };
    after = rows[rows.length - 1]?.name_key;
  }
}

/** Looks up what Label and tag filters need, once per request. */
export async function filterLookups(
  store: ParameterStore,
  tagged: (key: string, values: string[]) => Promise<Set<string>>,
  scope: Scope,
  filters: readonly Filter[],
): Promise<FilterLookups & { labelledVersions: Map<string, Map<string, number>> }> {
  const labelledVersions = new Map<string, Map<string, number>>();
  const tags = new Map<string, Set<string>>();
  for (const filter of filters) {
    if (filter.key === "Label") for (const label of filter.values) labelledVersions.set(label, await store.labelled(scope, label));
    if (filter.key.startsWith("tag:")) tags.set(filter.key, await tagged(filter.key.slice(4), filter.values));
  }
  return { labelled: new Map([...labelledVersions].map(([label, m]) => [label, new Set(m.keys())])), tagged: tags, labelledVersions };
}
