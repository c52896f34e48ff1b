/** @module Reconnect delays: capped exponential backoff with full jitter, so a fleet returning at once does not stampede. */

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1000, capMs: 60_000 };

/** A delay drawn uniformly from [0, min(cap, base × 2^attempt)). */
export function backoffDelay(attempt: number, policy: BackoffPolicy = defaultBackoff, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
