/**
 * @module Backoff after failed attempts at an unauthenticated door (console passwords, activation codes): a key (a
 * source address, a user) gets a few free failures, then must wait longer after each one, up to a cap. Nothing is
 * locked for good: the right secret works once the wait is over. The table is bounded, oldest keys forgotten first.
 */
import { machineClock } from "../clock.ts";

export interface BackoffPolicy {
  freeFailures: number;
  baseMs: number;
  maxMs: number;
  /** A key's failures are forgotten this long after its last one. */
  forgetAfterMs: number;
  maxKeys: number;
}

interface Record {
  failures: number;
  last: number;
  nextAllowedAt: number;
}

export class FailureBackoff {
  private readonly records = new Map<string, Record>();
  constructor(
    private readonly policy: BackoffPolicy,
    private readonly now: () => number = machineClock,
  ) {}

  /** Milliseconds `key` must still wait before its next attempt; 0 when it may try now. */
  waitFor(key: string): number {
    const record = this.records.get(key);
    if (!record) return 0;
    const at = this.now();
    if (at - record.last >= this.policy.forgetAfterMs) {
      this.records.delete(key);
      return 0;
    }
    return Math.max(0, record.nextAllowedAt - at);
  }

  failed(key: string): void {
    const at = this.now();
    const previous = this.records.get(key);
    const failures = previous && at - previous.last < this.policy.forgetAfterMs ? previous.failures + 1 : 1;
    const over = failures - this.policy.freeFailures;
    const wait = over <= 0 ? 0 : Math.min(this.policy.maxMs, this.policy.baseMs * 2 ** Math.min(over - 1, 30));
    this.records.delete(key);
    this.records.set(key, { failures, last: at, nextAllowedAt: at + wait });
    while (this.records.size > this.policy.maxKeys) this.records.delete(this.records.keys().next().value as string);
  }

  succeeded(key: string): void {
    this.records.delete(key);
  }
}

/** Runs at most `concurrent` jobs at once with at most `waiting` queued; past that, `run` answers undefined at once. */
export class BoundedQueue {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(
    private readonly concurrent: number,
    private readonly waiting: number,
  ) {}

  run<T>(job: () => Promise<T>): Promise<T> | undefined {
    if (this.active < this.concurrent) {
      this.active++;
      return this.start(job);
    }
    if (this.queue.length >= this.waiting) return undefined;
    return new Promise<void>((resolve) => this.queue.push(resolve)).then(() => this.start(job));
  }

  /** Runs a job in a slot already counted; the slot passes to the next queued job, or is freed. */
  private async start<T>(job: () => Promise<T>): Promise<T> {
    try {
      return await job();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}
