/**
 * @module `bosun query "<SQL>"`: read-only SQL over an inventory lake (a resource data sync destination) with embedded
 * DuckDB, on the tables Athena would have. Against a running server with `--sync` (any destination, organization
 * scoping applied by the server), or locally on a folder: `--data-dir` with `--bucket`, or `--folder`.
 * `bosun query ddl` prints the Athena/Glue DDL for the same bucket.
 */
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

/** The local lake folder the options name, if they name one. */
function localRoot(o: QueryOptions): string | undefined {
  if (o.folder) return resolve(o.folder);
  if (!o.bucket) return undefined;
  const bucketDir = join(resolve(o.dataDir ?? defaultDataDir()), "buckets", o.bucket);
  return o.prefix ? join(bucketDir, o.prefix) : bucketDir;
}

async function runQuery(sql: string, o: QueryOptions): Promise<QueryAnswer> {
  const maxRows = positive(o.maxRows, "--max-rows");
  const timeoutSeconds = positive(o.timeout, "--timeout");
  if (o.sync) {
    const api = await apiClient(o);
    return api.call<QueryAnswer>("Bosun.QueryResourceDataSync", {
      SyncName: o.sync,
      QueryString: sql,
      MaxRows: maxRows,
      TimeoutSeconds: timeoutSeconds,
    });
  }
  const root = localRoot(o);
  if (!root) throw new Error("name the lake: --sync <name> (through the server), --bucket <bucket> [--data-dir] or --folder <path>");
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
    .option("--sync <name>", "a resource data sync of the running server")
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
