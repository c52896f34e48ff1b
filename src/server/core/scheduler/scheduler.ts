/**
 * @module Runs capabilities' periodic jobs: a job never overlaps itself, only one replica runs it at a time (the job
 * lock), and stop() waits for runs in flight.
 */
import type { Logger } from "../log.ts";
import type { JobLock } from "./job-lock.ts";

export interface Job {
  name: string;
  intervalMs: number;
  run(now: number): Promise<void>;
}

export class Scheduler {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly log: Logger,
    private readonly lock: JobLock,
    /** The server's clock: each job runs with its time. */
    private readonly now: () => number,
  ) {}

  start(jobs: readonly Job[]): void {
    for (const job of jobs) {
      let busy = false;
      const tick = () => {
        if (busy || this.stopped) return;
        busy = true;
        const run = this.lock(job.name, () => job.run(this.now()))
          .then(() => undefined)
          .catch((error: unknown) => this.log.error({ err: error, job: job.name }, "job failed"))
          .finally(() => {
            busy = false;
            this.running.delete(run);
          });
        this.running.add(run);
      };
      this.timers.push(setInterval(tick, job.intervalMs));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.all([...this.running]);
  }
}
