import assert from "node:assert/strict";
import { describe, it } from "node:test";
import pino from "pino";
import { Scheduler } from "./scheduler.ts";

const quiet = pino({ level: "silent" });

describe("the scheduler", () => {
  it("runs a job at start when asked, with the injected clock's time, and leader-only jobs under the lock", async () => {
    const locked: string[] = [];
    const runs: { job: string; now: number }[] = [];
    const scheduler = new Scheduler(
      quiet,
      (name, run) => {
        locked.push(name);
        return run();
      },
      () => 42_000,
    );
    const job = (name: string, extra: object) => ({
      name,
      intervalMs: 60_000,
      run: async (now: number) => {
        runs.push({ job: name, now });
      },
      ...extra,
    });
    scheduler.start([job("sweep", { everyReplica: true, atStart: true }), job("leader", { atStart: true }), job("later", {})]);
    await scheduler.stop();
    assert.deepEqual(runs, [
      { job: "sweep", now: 42_000 },
      { job: "leader", now: 42_000 },
    ]);
    assert.deepEqual(locked, ["leader"], "every replica's own work takes no lock; the rest runs on one replica");
  });
});
