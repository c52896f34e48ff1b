/**
 * @module Inventory at fleet scale: N nodes × M applications put through the signed PutInventory API (total time and
 * the server's peak RSS), then "log4j-core < 2.17 on prod nodes" through fleet search (p50/p99), on SQLite and on
 * PostgreSQL; and in the same run DuckDB scanning the same data as JSON-lines files, one per node (the Athena way).
 * Targets at 10,000 × 1,000: ingest ≤ 120 s on SQLite; search p99 ≤ 100 ms and ≥ 10× faster than the scan.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { benchArgs, dropSchema, onPostgres, percentile, postgresUrl } from "./lib/bench-common.ts";
import { applications, loadedServer } from "./lib/inventory-load.ts";
import { peakRssMb } from "./lib/nodes.ts";
import { stopAll } from "./lib/processes.ts";

const args = benchArgs();
const nodeCount = Number(args.get("nodes") ?? 10_000);
const appsPerNode = Number(args.get("apps") ?? 1_000);
const queries = Number(args.get("queries") ?? 200);
// Agents report on their own schedules, so many puts are in flight at once; 32 callers stand in for them.
const concurrency = Number(args.get("concurrency") ?? 32);
const engines = (args.get("engines") ?? "sqlite,postgres").split(",");

/** PostgreSQL plans from statistics; with autovacuum off (as on this test machine) nothing collects them. */
const analyze = (schema: string): Promise<void> =>
  onPostgres(
    `ANALYZE ${schema}.inventory_name_postings, ${schema}.inventory_names, ${schema}.inventory_items, ${schema}.managed_instances, ${schema}.resource_tags`,
  );

async function runEngine(engine: string, work: string) {
  const env: Record<string, string> = {};
  const schema = `bench_${Date.now()}`;
  if (engine === "postgres") Object.assign(env, { BOSUN_DATABASE_URL: postgresUrl, BOSUN_DATABASE_SCHEMA: schema });
  const { server, api, nodes, ingestSeconds } = await loadedServer(join(work, engine), env, { nodeCount, appsPerNode, concurrency });
  const ingestPeakRssMb = await peakRssMb(server.pid);
  if (engine === "postgres") await analyze(schema);
  const conditions = [
    { Key: "AWS:Application.Name", Operator: "Equal", Values: ["log4j-core"] },
    { Key: "AWS:Application.Version", Operator: "LessThan", Values: ["2.17"] },
    { Key: "tag:env", Operator: "Equal", Values: ["prod"] },
  ];
  const times: number[] = [];
  let matches = 0;
  for (let q = 0; q < queries; q++) {
    const t0 = performance.now();
    const out = await api.call<{ TotalCount: number }>("Bosun.SearchInventory", { Conditions: conditions, MaxResults: 100 });
    times.push(performance.now() - t0);
    matches = out.TotalCount;
  }
  times.sort((a, b) => a - b);
  await stopAll();
  if (engine === "postgres") await dropSchema(schema);
  return { nodes, ingestSeconds, ingestPeakRssMb, matches, p50: percentile(times, 50), p99: percentile(times, 99) };
}

/** The same entries as newline-delimited JSON, one file per node, as resource data sync writes them; DuckDB scans them. */
async function duckdbScan(work: string, nodes: { id: string; env: string }[]) {
  const dir = join(work, "lake", "AWS:Application");
  await mkdir(dir, { recursive: true });
  for (const [i, node] of nodes.entries()) {
    const lines = applications(i, appsPerNode).map((a) => JSON.stringify({ ...a, resourceId: node.id, env: node.env }));
    await writeFile(join(dir, `${node.id}.json`), `${lines.join("\n")}\n`);
  }
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  // Version compared numerically part by part, as close to right as SQL gets without a custom comparator.
  const sql = `select count(*) as n from read_json('${dir}/*.json', format = 'newline_delimited', columns = {Name: 'VARCHAR', Version: 'VARCHAR', resourceId: 'VARCHAR', env: 'VARCHAR'})
    where Name = 'log4j-core' and env = 'prod'
      and list_transform(string_split(Version, '.'), x -> try_cast(x as integer)) < [2, 17]`;
  const times: number[] = [];
  let matches = 0;
  for (let q = 0; q < Math.max(5, Math.min(20, queries)); q++) {
    const t0 = performance.now();
    const reader = await connection.runAndReadAll(sql);
    times.push(performance.now() - t0);
    matches = Number((reader.getRowObjects()[0] as { n: bigint }).n);
  }
  connection.closeSync();
  times.sort((a, b) => a - b);
  return { matches, p50: percentile(times, 50), p99: percentile(times, 99) };
}

const work = await mkdtemp(join(tmpdir(), "bosun-inventory-bench-"));
try {
  const results: Record<string, Awaited<ReturnType<typeof runEngine>>> = {};
  for (const engine of engines) {
    results[engine] = await runEngine(engine, work);
    const r = results[engine];
    console.log(
      `${engine}: ingest ${nodeCount} × ${appsPerNode} in ${r.ingestSeconds.toFixed(1)} s (peak RSS ${r.ingestPeakRssMb.toFixed(0)} MB); search "log4j-core < 2.17 on prod" → ${r.matches} entries, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`,
    );
  }
  const first = Object.values(results)[0];
  if (first) {
    const scan = await duckdbScan(work, first.nodes);
    console.log(
      `duckdb scan of the same JSON-lines files → ${scan.matches} rows, p50 ${scan.p50.toFixed(1)} ms, p99 ${scan.p99.toFixed(1)} ms`,
    );
    for (const [engine, r] of Object.entries(results))
      console.log(
        `ratio (${engine} search / duckdb scan): p50 ${(r.p50 / scan.p50).toFixed(3)}×, p99 ${(r.p99 / scan.p99).toFixed(3)}× (${(scan.p99 / r.p99).toFixed(1)}× faster)`,
      );
    console.log(
      JSON.stringify({
        benchmark: "inventory",
        nodeCount,
        appsPerNode,
        concurrency,
        results: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, { ...v, nodes: v.nodes.length }])),
        scan,
      }),
    );
  }
} finally {
  await stopAll();
  await rm(work, { recursive: true, force: true });
}
