/**
 * @module Read-only SQL over an inventory lake folder with embedded DuckDB. Each query gets its own in-memory database
 * whose views read the folder's JSON lines; before the user's SQL runs, DuckDB is closed to everything but the
 * account partitions the caller may read (`allowed_directories`, external access off, configuration locked), so a
 * query cannot open another account's files, any other file, or write anything. One SELECT, a row limit, a timeout.
 */
import { join } from "node:path";
import type { DuckDBConnection, Json } from "@duckdb/node-api";
import { builtinTypes } from "../protocol/inventory-types.ts";
import { accountFolders, type LakeTable, lakeTable, partitionColumns, typeFolders } from "./lake-tables.ts";

/** A value as DuckDB gives it in JSON (big integers and decimals as strings). */
export type Cell = Json;

export interface LakeQuery {
  /** The folder that holds the type folders (the bucket's folder joined with the sync's prefix). */
  root: string;
  /** The accounts whose partitions the query may read; every account in the folder when absent. */
  accounts?: ReadonlySet<string>;
  sql: string;
  maxRows: number;
  timeoutMs: number;
  /** DuckDB's `memory_limit` (e.g. `256MB`) and worker threads; DuckDB's defaults (most of the machine) otherwise. */
  memoryLimit?: string;
  threads?: number;
}

export interface LakeResult {
  columns: { name: string; type: string }[];
  rows: Cell[][];
  /** More rows matched than `maxRows`. */
  truncated: boolean;
}

/** What the caller did wrong (not a SELECT, bad SQL) or the time or resources it ran out of; safe to show. */
export class LakeQueryError extends Error {
  constructor(
    readonly reason: "invalid" | "timeout" | "resources" | "busy",
    message: string,
  ) {
    super(message);
  }
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
const identifier = (text: string) => `"${text.replaceAll('"', '""')}"`;

function readJson(table: LakeTable, folders: readonly string[]): string {
  const paths = `[${folders.map((f) => literal(join(f, "*", "*", "*.json"))).join(", ")}]`;
  const columns = table.columns
    ? `, columns = {${table.columns.map((c) => `${literal(c)}: 'VARCHAR'`).join(", ")}}`
    : ", union_by_name = true";
  return `read_json(${paths}, format = 'newline_delimited', hive_partitioning = true, hive_types_autocast = false${columns})`;
}

/** A built-in type with no data yet still has its table, empty, so a query of it answers nothing rather than fails. */
function emptyView(table: LakeTable): string {
  const columns = [...(table.columns ?? []), ...partitionColumns].map((c) => `NULL::VARCHAR AS ${identifier(c)}`).join(", ");
  return `SELECT ${columns} WHERE false`;
}

/** Error text without the server's folder names. */
const scrub = (message: string, root: string) => message.replaceAll(root, "<lake>").split("\n")[0]?.slice(0, 500) ?? "";

/** DuckDB's own parser says whether the text is one SELECT, before anything is bound or run. */
async function requireOneSelect(connection: DuckDBConnection, sql: string): Promise<void> {
  const reader = await connection.runAndReadAll("SELECT json_serialize_sql($1::VARCHAR)", [sql]);
  const parsed = JSON.parse(String(reader.getRows()[0]?.[0])) as {
    error: boolean;
    error_type?: string;
    error_message?: string;
    statements?: unknown[];
  };
  if (parsed.error && parsed.error_type === "not implemented")
    throw new LakeQueryError("invalid", "Only SELECT statements run over the inventory lake.");
  if (parsed.error) throw new LakeQueryError("invalid", `Parser Error: ${parsed.error_message ?? "the SQL cannot be read"}`);
  if (parsed.statements?.length !== 1) throw new LakeQueryError("invalid", "Write exactly one SELECT statement.");
}

export async function queryLake(query: LakeQuery): Promise<LakeResult> {
  const { DuckDBInstance, StatementType } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:", {
    threads: String(query.threads ?? 2),
    ...(query.memoryLimit ? { memory_limit: query.memoryLimit, max_memory: query.memoryLimit } : {}),
    // Nothing spills to disk: a query's memory is bounded, and so is the disk it may use (none).
    temp_directory: "",
  });
  const connection = await instance.connect();
  try {
    const allowed: string[] = [];
    const views = new Map<string, string>();
    for (const typeName of builtinTypes.map((t) => t.typeName)) views.set(typeName, emptyView(lakeTable(typeName)));
    for (const typeName of await typeFolders(query.root)) {
      const folders = await accountFolders(query.root, typeName, query.accounts);
      if (folders.length === 0) continue;
      allowed.push(...folders.map((f) => `${f}/`));
      views.set(typeName, `SELECT * FROM ${readJson(lakeTable(typeName), folders)}`);
    }
    await connection.run(`SET allowed_directories = [${allowed.map(literal).join(", ")}]`);
    await connection.run("SET enable_external_access = false");
    await connection.run("SET autoinstall_known_extensions = false");
    await connection.run("SET lock_configuration = true");
    for (const [typeName, select] of views) await connection.run(`CREATE VIEW ${identifier(lakeTable(typeName).name)} AS ${select}`);

    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      connection.interrupt();
    }, query.timeoutMs);
    try {
      await requireOneSelect(connection, query.sql);
      const statements = await connection.extractStatements(query.sql);
      const prepared = await statements.prepare(0);
      // Belt and braces: the bound statement must still be a query.
      if (prepared.statementType !== StatementType.SELECT)
        throw new LakeQueryError("invalid", "Only SELECT statements run over the inventory lake.");
      const reader = await prepared.streamAndReadUntil(query.maxRows + 1);
      const names = reader.columnNames();
      const types = reader.columnTypes().map((t) => t.toString());
      const rows = wholeNumbersAsNumbers(reader.getRowsJson().slice(0, query.maxRows) as Cell[][], types);
      return {
        columns: names.map((name, i) => ({ name, type: types[i] ?? "VARCHAR" })),
        rows,
        truncated: reader.currentRowCount > query.maxRows,
      };
    } catch (error) {
      if (error instanceof LakeQueryError) throw error;
      if (timedOut)
        throw new LakeQueryError("timeout", `The query ran longer than ${Math.round(query.timeoutMs / 1000)} s and was stopped.`);
      throw new LakeQueryError("invalid", scrub(error instanceof Error ? error.message : String(error), query.root));
    } finally {
      clearTimeout(timer);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** DuckDB's 64- and 128-bit integers (count(*) among them) arrive as strings in JSON: a count is a number wherever it fits. */
const wideIntegerTypes = new Set(["BIGINT", "UBIGINT", "HUGEINT", "UHUGEINT"]);

function wholeNumbersAsNumbers(rows: Cell[][], types: readonly string[]): Cell[][] {
  const wide = types.map((type) => wideIntegerTypes.has(type));
  if (!wide.includes(true)) return rows;
  return rows.map((row) =>
    row.map((cell, i) => (wide[i] && typeof cell === "string" && Number.isSafeInteger(Number(cell)) ? Number(cell) : cell)),
  );
}
