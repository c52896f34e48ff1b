/**
 * @module `bosun query "<SQL>"`: read-only SQL over an inventory lake (a resource data sync destination) with embedded
 * DuckDB, on the tables Athena would have. Against a running server with `--sync` (any destination, organization
 * scoping applied by the server), or locally on a folder: `--data-dir` with `--bucket`, or `--folder`.
 * `bosun query ddl` prints the Athena/Glue DDL for the same bucket.
 */
import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { defaultDataDir } from "../credentials.ts";
import { toCsvText, toTableText } from "../table-output.ts";
import { type ApiOptions, apiClient, withApiOptions } from "./common-options.ts";

type Cell = unknown;

export interface QueryAnswer {
  Columns: { Name: string; Type: string }[];
  Rows: Cell[][];
  Truncated: boolean;
}

interface QueryOptions extends ApiOptions {
  sync?: string;
  dataDir?: string;
  bucket?: string;
  prefix?: string;
  folder?: string;
  database: string;
  maxRows: string;
  timeout: string;
  output: string;
}

const text = (value: Cell): string =>
  value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);

/** The answer as the chosen output: an aligned table, CSV with a header, or JSON objects (one per row). */
export function formatAnswer(answer: QueryAnswer, output: string): string {
  const names = answer.Columns.map((c) => c.Name);
  if (output === "json")
    return `${JSON.stringify(
      answer.Rows.map((row) => Object.fromEntries(names.map((n, i) => [n, row[i] ?? null]))),
      null,
      2,
    )}\n`;
  const lines = answer.Rows.map((row) => row.map(text));
  if (output === "csv") return toCsvText(names, lines);
  return `${toTableText(names, lines, true)}(${lines.length} rows)\n`;
}

const positive = (value: string, name: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number`);
  return n;
};

/** The local lake folder the options name, if they name one (unchecked: `ddl` may describe a bucket elsewhere). */
function localRoot(o: QueryOptions): string | undefined {
  if (o.folder) return resolve(o.folder);
  if (!o.bucket) return undefined;
  const bucketDir = join(resolve(o.dataDir ?? defaultDataDir()), "buckets", o.bucket);
  return o.prefix ? join(bucketDir, o.prefix) : bucketDir;
}

const folders = async (dir: string): Promise<string[]> =>
  (await readdir(dir, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory()).map((e) => e.name);
const isTypeFolder = (name: string) => /^(AWS|Custom):/.test(name);

/**
 * Checks that a bucket (and prefix) holds a lake, so a query of the wrong place is an error that names what is
 * there, never an empty answer: the buckets of the data folder, or the prefix a lake is under.
 */
export async function checkLocalLake(dataDir: string, bucket: string, prefix: string | undefined): Promise<void> {
  const buckets = join(resolve(dataDir), "buckets");
  const there = await folders(buckets);
  if (!there.includes(bucket))
    throw new Error(`no bucket ${bucket} in ${buckets}; the buckets there: ${there.length > 0 ? there.join(", ") : "none"}`);
  const root = prefix ? join(buckets, bucket, prefix) : join(buckets, bucket);
  if ((await folders(root)).some(isTypeFolder)) return;
  // Where in the bucket is there a lake? Syncs with a prefix write under it.
  const prefixes: string[] = [];
  for (const name of await folders(join(buckets, bucket)))
    if ((await folders(join(buckets, bucket, name))).some(isTypeFolder)) prefixes.push(name);
  const where = prefix ? `under prefix ${prefix} of bucket ${bucket}` : `at the top of bucket ${bucket}`;
  throw new Error(
    prefixes.length > 0
      ? `no inventory lake ${where}; there is one under ${prefixes.map((p) => `--prefix ${p}`).join(" and ")}`
      : `no inventory lake ${where}: no type folders (AWS:…, Custom:…) in it; has a resource data sync written to it yet?`,
  );
}

/** With no lake named, the one sync of the account is the default; with none or several, an error that lists them. */
export function onlySync(syncs: { SyncName: string; SyncType?: string }[]): string {
  const destinations = syncs.filter((s) => (s.SyncType ?? "SyncToDestination") === "SyncToDestination").map((s) => s.SyncName);
  if (destinations.length === 1) return destinations[0] as string;
  throw new Error(
    destinations.length === 0
      ? "name the lake: this account has no resource data sync (--bucket <bucket> or --folder <path> read a folder)"
      : `name the lake: --sync ${destinations.join(" or --sync ")} (or --bucket, --folder)`,
  );
}

async function runQuery(sql: string, o: QueryOptions): Promise<QueryAnswer> {
  const maxRows = positive(o.maxRows, "--max-rows");
  const timeoutSeconds = positive(o.timeout, "--timeout");
  if (o.sync || (!o.bucket && !o.folder)) {
    const api = await apiClient(o);
    const syncName =
      o.sync ??
      onlySync(
        (await api.call<{ ResourceDataSyncItems: { SyncName: string; SyncType?: string }[] }>("AmazonSSM.ListResourceDataSync", {}))
          .ResourceDataSyncItems,
      );
    return api.call<QueryAnswer>("Bosun.QueryResourceDataSync", {
      SyncName: syncName,
      QueryString: sql,
      MaxRows: maxRows,
      TimeoutSeconds: timeoutSeconds,
    });
  }
  const root = localRoot(o);
  if (!root) throw new Error("name the lake: --sync <name> (through the server), --bucket <bucket> [--data-dir] or --folder <path>");
  if (o.bucket && !o.folder) await checkLocalLake(o.dataDir ?? defaultDataDir(), o.bucket, o.prefix);
  const { queryLake } = await import("../../lake/lake-query.ts");
  const result = await queryLake({ root, sql, maxRows, timeoutMs: timeoutSeconds * 1000 });
  return { Columns: result.columns.map((c) => ({ Name: c.name, Type: c.type })), Rows: result.rows, Truncated: result.truncated };
}

export function registerQueryCommands(program: Command): void {
  withApiOptions(
    program
      .command("query")
      .description('read-only SQL over an inventory lake (tables aws_application, aws_instanceinformation, …); "ddl" prints Athena DDL')
      .argument("<sql>", 'one SELECT statement, or "ddl"'),
  )
    .option("--sync <name>", "a resource data sync of the running server (the default when the account has one)")
    .option("--data-dir <dir>", "data folder whose buckets/<bucket> is read (BOSUN_DATA_DIR)")
    .option("--bucket <bucket>", "a folder bucket under the data folder")
    .option("--prefix <prefix>", "the sync's prefix in the bucket")
    .option("--folder <path>", "any folder in the resource data sync layout")
    .option("--database <name>", "Glue database for ddl", "bosun_inventory")
    .option("--max-rows <n>", "rows at most", "1000")
    .option("--timeout <seconds>", "stop the query after this long", "30")
    .option("--output <format>", "table, csv or json", "table")
    .action(async (sql: string, o: QueryOptions) => {
      if (sql.trim().toLowerCase() === "ddl") {
        if (!o.bucket) throw new Error("ddl needs --bucket <bucket> (and --prefix if the sync has one)");
        const [{ athenaDdl }, { ddlTypes }] = await Promise.all([import("../../lake/lake-ddl.ts"), import("../../lake/lake-tables.ts")]);
        const types = await ddlTypes(o.dataDir || o.folder ? localRoot(o) : undefined);
        process.stdout.write(athenaDdl({ bucket: o.bucket, prefix: o.prefix, database: o.database, types }));
        return;
      }
      const answer = await runQuery(sql, o);
      process.stdout.write(formatAnswer(answer, o.output));
      if (answer.Truncated) process.stderr.write(`bosun: only the first ${answer.Rows.length} rows are shown (--max-rows)\n`);
    });
}
