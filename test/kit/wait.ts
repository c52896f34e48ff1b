/**
 * @module Waits for a condition. `ms` is how long the wait takes on an idle machine at worst; the wait gives up only
 * after `ms` times the patience (BOSUN_TEST_PATIENCE, default 6), because a busy machine (load average above 10) is
 * slower by that much and a test must pass there too. The deadline only stops a test that would otherwise hang.
 */
import { setTimeout as sleep } from "node:timers/promises";

export const patience = Math.max(1, Number(process.env.BOSUN_TEST_PATIENCE ?? 6) || 6);

export async function waitFor(check: () => Promise<boolean> | boolean, ms = 10_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + ms * patience;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(everyMs);
  }
  throw new Error(`condition not met within ${ms * patience} ms (${ms} ms × patience ${patience})`);
}
