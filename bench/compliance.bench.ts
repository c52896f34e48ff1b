/**
 * @module Compliance at fleet scale: N nodes × M items put through the signed PutComplianceItems API (total time),
 * then ListComplianceSummaries (p50/p99) and the console dashboard's queries (ListComplianceSummaries and the first
 * 500 non-compliant resources of ListResourceComplianceSummaries), on SQLite and on PostgreSQL; and in the same run
 * DuckDB computing the same per-type summary over the same items as JSON-lines files, one per node (what the sync
 * writes, the Athena way).
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { ApiClient } from "../src/cli/api-client.ts";
import { benchArgs, dropSchema, percentile, postgresUrl } from "./lib/bench-common.ts";
import { startBosunServer } from "./lib/bosun-server.ts";
import { registerFleet } from "./lib/inventory-load.ts";
import { peakRssMb } from "./lib/nodes.ts";
import { stopAll } from "./lib/processes.ts";

const args = benchArgs();
const nodeCount = Number(args.get("nodes") ?? 10_000);
const itemsPerNode = Number(args.get("items") ?? 100);
const queries = Number(args.get("queries") ?? 50);
const concurrency = Number(args.get("concurrency") ?? 32);
const engines = (args.get("engines") ?? "sqlite,postgres").split(",");
const severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNSPECIFIED"];

/** Node i's items: one in seven nodes has a non-compliant item, at a severity that depends on the node. */
function items(i: number) {
  return Array.from({ length: itemsPerNode }, (_, j) => ({
    Id: `check-${j}`,
    Title: `Check ${j}`,
    Severity: severities[(i + j) % severities.length] ?? "LOW",
    Status: j === 0 && i % 7 === 0 ? "NON_COMPLIANT" : "COMPLIANT",
  }));
}

async function timed(n: number, call: () => Promise<unknown>) {
  const times: number[] = [];
  for (let q = 0; q < n; q++) {
    const t0 = performance.now();
    await call();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function runEngine(engine: string, work: string) {
  const env: Record<string, string> = { BOSUN_MAX_NODES_PER_REGION: String(nodeCount + 10) };
  const schema = `bench_${Date.now()}`;
  if (engine === "postgres") Object.assign(env, { BOSUN_DATABASE_URL: postgresUrl, BOSUN_DATABASE_SCHEMA: schema });
  const server = await startBosunServer(join(work, engine), env);
  const api = new ApiClient({ endpoint: server.endpoint, region: "us-east-1", credentials: server.keys });
  const nodes = await registerFleet(api, server.endpoint, nodeCount);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < nodes.length; i = next++)
        await api.call("AmazonSSM.PutComplianceItems", {
          ResourceId: nodes[i]?.id,
          ResourceType: "ManagedInstance",
          ComplianceType: "Custom:Bench",
          ExecutionSummary: { ExecutionTime: Math.floor(Date.now() / 1000) },
          Items: items(i),
        });
    }),
  );
  const ingestSeconds = (performance.now() - started) / 1000;
  const ingestPeakRssMb = await peakRssMb(server.pid);
  let nonCompliant = 0;
  const summaries = await timed(queries, async () => {
    const out = await api.call<{ ComplianceSummaryItems: { NonCompliantSummary: { NonCompliantCount: number } }[] }>(
      "AmazonSSM.ListComplianceSummaries",
      {},
    );
    nonCompliant = out.ComplianceSummaryItems[0]?.NonCompliantSummary.NonCompliantCount ?? 0;
  });
  // The console's dashboard: the summaries, then the non-compliant resources, 50 a page, up to 500.
  const dashboard = await timed(Math.max(3, Math.floor(queries / 10)), async () => {
    await api.call("AmazonSSM.ListComplianceSummaries", { MaxResults: 50 });
    let token: string | undefined;
    let shown = 0;
    do {
      const page = await api.call<{ NextToken?: string; ResourceComplianceSummaryItems: unknown[] }>(
        "AmazonSSM.ListResourceComplianceSummaries",
        { MaxResults: 50, NextToken: token, Filters: [{ Key: "Status", Values: ["NON_COMPLIANT"], Type: "EQUAL" }] },
      );
      shown += page.ResourceComplianceSummaryItems.length;
      token = page.NextToken;
    } while (token && shown < 500);
  });
  await stopAll();
  if (engine === "postgres") await dropSchema(schema);
  return { nodes, ingestSeconds, ingestPeakRssMb, nonCompliant, summaries, dashboard };
}

/** The same items as newline-delimited JSON, one file per node; DuckDB counts compliant and non-compliant nodes. */
async function duckdbSummary(work: string, nodes: { id: string }[]) {
  const dir = join(work, "lake", "AWS:ComplianceItem");
  await mkdir(dir, { recursive: true });
  for (const [i, node] of nodes.entries()) {
    const lines = items(i).map((item) => JSON.stringify({ ...item, ComplianceType: "Custom:Bench", resourceId: node.id }));
    await writeFile(join(dir, `${node.id}.json`), `${lines.join("\n")}\n`);
  }
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const sql = `select ComplianceType, count(*) filter (where bad = 0) as compliant, count(*) filter (where bad > 0) as non_compliant
    from (select ComplianceType, resourceId, count(*) filter (where Status = 'NON_COMPLIANT') as bad
          from read_json('${dir}/*.json', format = 'newline_delimited',
                         columns = {ComplianceType: 'VARCHAR', Status: 'VARCHAR', Severity: 'VARCHAR', resourceId: 'VARCHAR'})
          group by ComplianceType, resourceId)
    group by ComplianceType`;
  let nonCompliant = 0;
  const result = await timed(Math.max(5, Math.min(20, queries)), async () => {
    const reader = await connection.runAndReadAll(sql);
    nonCompliant = Number((reader.getRowObjects()[0] as { non_compliant: bigint }).non_compliant);
  });
  connection.closeSync();
  return { ...result, nonCompliant };
}

const work = await mkdtemp(join(tmpdir(), "bosun-compliance-bench-"));
try {
  let fleet: { id: string }[] = [];
  const results: Record<string, Awaited<ReturnType<typeof runEngine>>> = {};
  for (const engine of engines) {
    const r = await runEngine(engine, work);
    results[engine] = r;
    fleet = r.nodes;
    console.log(
      `${engine}: ${nodeCount} nodes × ${itemsPerNode} items put in ${r.ingestSeconds.toFixed(1)} s (${Math.round((nodeCount * itemsPerNode) / r.ingestSeconds)} items/s, server peak RSS ${Math.round(r.ingestPeakRssMb)} MB); ` +
        `ListComplianceSummaries p50 ${r.summaries.p50.toFixed(1)} ms, p99 ${r.summaries.p99.toFixed(1)} ms (${r.nonCompliant} non-compliant nodes); ` +
        `console dashboard (summaries + up to 500 non-compliant resources) p50 ${r.dashboard.p50.toFixed(0)} ms, p99 ${r.dashboard.p99.toFixed(0)} ms`,
    );
  }
  const duck = await duckdbSummary(work, fleet);
  console.log(
    `duckdb over the same JSON-lines files → ${duck.nonCompliant} non-compliant nodes, p50 ${duck.p50.toFixed(1)} ms, p99 ${duck.p99.toFixed(1)} ms`,
  );
  for (const [engine, r] of Object.entries(results))
    console.log(
      `ratio (${engine} ListComplianceSummaries / duckdb): p50 ${(r.summaries.p50 / duck.p50).toFixed(3)}×, p99 ${(r.summaries.p99 / duck.p99).toFixed(3)}×`,
    );
} finally {
  await stopAll();
  await rm(work, { recursive: true, force: true });
}
