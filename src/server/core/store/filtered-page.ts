/** @module One page of a keyset scan filtered in memory: fetches batches until the page is full or rows run out. */

const batchSize = 200;

/**
 * Returns up to `limit` rows that pass `matches`, in the order `fetch` yields them, and whether another matching
 * row exists (one match past the page is looked for, so a listing never ends on an empty page).
 */
export async function filteredPage<R, P>(
  fetch: (after: P | undefined, batch: number) => Promise<R[]>,
  positionOf: (row: R) => P,
  matches: (row: R) => boolean,
  after: P | undefined,
  limit: number,
): Promise<{ page: R[]; more: boolean }> {
  const page: R[] = [];
  let position = after;
  for (;;) {
    const rows = await fetch(position, batchSize);
    for (const row of rows) {
      if (!matches(row)) continue;
      if (page.length === limit) return { page, more: true };
      page.push(row);
    }
    const last = rows[rows.length - 1];
    if (rows.length < batchSize || last === undefined) return { page, more: false };
    position = positionOf(last);
  }
}
