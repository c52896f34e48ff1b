/**
 * @module Runs capabilities' periodic jobs: a job never overlaps itself, only one replica runs it at a time (the job
 * lock) unless it is every replica's own work, and stop() waits for runs in flight.
 */
import type { Logger } from "../log.ts";
import type { JobLock } from "./job-lock.ts";

export interface Job {
  name: string;
  intervalMs: number;
  run(now: number): Promise<void>;
  /** Work each replica does for itself (delivering to the agents connected to it): run without the job lock. */
  everyReplica?: boolean;
  /** Run once as soon as the scheduler starts (resuming work after a restart), then every interval. */
  atStart?: boolean;
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
        const once = () => job.run(this.now());
        const run = (job.everyReplica ? once() : this.lock(job.name, once))
          .then(() => undefined)
          .catch((error: unknown) => this.log.error({ err: error, job: job.name }, "job failed"))
          .finally(() => {
            busy = false;
            this.running.delete(run);
          });
        this.running.add(run);
      };
      this.timers.push(setInterval(tick, job.intervalMs));
      if (job.atStart) tick();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.all([...this.running]);
  }
}
