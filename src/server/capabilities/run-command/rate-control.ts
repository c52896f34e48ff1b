/** @module MaxConcurrency and MaxErrors: `N` or `N%` of the targets. */

/** A count from `N` or `N%` of `targets`; a percentage of concurrency is at least one node. */
export function concurrencyLimit(spec: string, targets: number): number {
  if (!spec.endsWith("%")) return Number(spec);
  return Math.max(1, Math.ceil((targets * Number(spec.slice(0, -1))) / 100));
}

/** Errors tolerated; a percentage rounds down, so `10%` of 5 nodes tolerates none. */
export function errorLimit(spec: string, targets: number): number {
  if (!spec.endsWith("%")) return Number(spec);
  return Math.floor((targets * Number(spec.slice(0, -1))) / 100);
}
