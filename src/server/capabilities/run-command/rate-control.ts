/** @module MaxConcurrency and MaxErrors: `N` or `N%` of the targets, and how fast delivery ramps up. */

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

/**
 * How many invocations may be in flight: one at first, then twice as many as have finished, up to MaxConcurrency —
 * a bad command fails on one node before it reaches many, and a good one reaches the whole fleet in a few rounds.
 */
export const inFlightAllowed = (maxConcurrency: number, finished: number): number => Math.min(maxConcurrency, Math.max(1, 2 * finished));
