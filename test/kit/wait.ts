/** @module Polls a condition until it holds or time runs out. */
import { setTimeout as sleep } from "node:timers/promises";

export async function waitFor(check: () => Promise<boolean> | boolean, ms = 10_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(everyMs);
  }
  throw new Error(`condition not met within ${ms} ms`);
}
