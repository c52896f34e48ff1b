/**
 * @module Who runs a job when several replicas share one PostgreSQL: the one that takes the job's advisory lock for
 * the run. The lock lives in a transaction on one pooled connection and ends with it, so a replica that dies mid-run
 * frees it. On SQLite there is one process, and every run goes ahead.
 */
import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { Database } from "../store/database.ts";

/** A stable 63-bit key for a job name. */
export function lockKey(jobName: string): bigint {
  return BigInt.asIntN(64, BigInt(`0x${createHash("sha256").update(`bosun-job:${jobName}`).digest("hex").slice(0, 16)}`));
}

export type JobLock = <T>(jobName: string, run: () => Promise<T>) => Promise<T | undefined>;

/** Runs `run` while holding the job's lock; resolves undefined without running when another replica holds it. */
export function jobLock(database: Database): JobLock {
  if (database.engine !== "postgres") return (_name, run) => run();
  return (jobName, run) =>
    database.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{
        locked: boolean;
      }>`select pg_try_advisory_xact_lock(${lockKey(jobName).toString()}::bigint) as locked`.execute(trx);
      return rows[0]?.locked ? run() : undefined;
    });
}
