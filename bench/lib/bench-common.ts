/** @module What the fleet-scale benchmarks share: `--name=value` options, percentiles, and the PostgreSQL they use. */
import pg from "pg";

/** The `--name=value` options of the command line. */
export const benchArgs = (): Map<string, string> =>
  new Map(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));

export const postgresUrl = process.env.BOSUN_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/** Runs SQL on the benchmark's PostgreSQL. */
export async function onPostgres(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Drops a benchmark run's schema. */
export const dropSchema = (schema: string): Promise<void> => onPostgres(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
