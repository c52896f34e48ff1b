/**
 * @module Resource data sync at fleet scale (SQLite): N nodes × M applications are put through PutInventory, then a
 * sync to a folder bucket is timed until its first round has written everything; 1 % of the nodes then report changed
 * applications, and the next round (which rewrites only those) is timed. Finally the same question — which nodes run
 * log4j-core 2.14.1 — is asked through GetInventory (paged, 50 a page) and through SQL over the synced lake
 * (Bosun.QueryResourceDataSync, DuckDB), side by side. Targets at 10,000 × 1,000: full sync ≤ 120 s, re-sync ≤ 5 s.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ApiClient } from "../src/cli/api-client.ts";
import { applications, loadedServer, putApplications } from "./lib/inventory-load.ts";
import { peakRssMb } from "./lib/nodes.ts";
import { stopAll } from "./lib/processes.ts";

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const nodeCount = Number(args.get("nodes") ?? 10_000);
const appsPerNode = Number(args.get("apps") ?? 1_000);
const queries = Number(args.get("queries") ?? 5);
const concurrency = Number(args.get("concurrency") ?? 32);

interface SyncItem {
  SyncName: string;
  LastStatus?: string;
  LastSyncTime?: number;
  LastSyncStatusMessage?: string;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until a round that started at or after `since` (epoch ms) has finished; returns it and when it was seen. */
async function roundAfter(api: ApiClient, since: number): Promise<{ item: SyncItem; seenAt: number }> {
  for (;;) {
    const list = await api.call<{ ResourceDataSyncItems: SyncItem[] }>("AmazonSSM.ListResourceDataSync", {});
    const item = list.ResourceDataSyncItems.find((s) => s.SyncName === "bench");
    if (item?.LastStatus && (item.LastSyncTime ?? 0) * 1000 >= since) return { item, seenAt: Date.now() };
    await sleep(50);
  }
}

const work = await mkdtemp(join(tmpdir(), "bosun-sync-bench-"));
try {
  // Rounds start every 500 ms, so the figures are the rounds' own work, not the 15 s wait between them.
  const { server, api, nodes, ingestSeconds } = await loadedServer(
    work,
    { BOSUN_SWEEP_INTERVAL_MS: "500" },
    { nodeCount, appsPerNode, concurrency },
  );
  console.log(`ingest ${nodeCount} × ${appsPerNode} in ${ingestSeconds.toFixed(1)} s`);

  const created = Date.now();
  await api.call("AmazonSSM.CreateResourceDataSync", {
    SyncName: "bench",
    S3Destination: { BucketName: "bench-lake", SyncFormat: "JsonSerDe", Region: "us-east-1" },
  });
  const full = await roundAfter(api, created - 1000);
  const fullSeconds = (full.seenAt - created) / 1000;
  console.log(`full sync: ${fullSeconds.toFixed(1)} s (${full.item.LastSyncStatusMessage}) — target ≤ 120 s`);

  const changed = Array.from({ length: Math.max(1, Math.floor(nodeCount / 100)) }, (_, k) => k * 100);
  await putApplications(api, nodes, changed, (i) => applications(i, appsPerNode, 1), concurrency);
  const changedAt = Date.now();
  // The first round that starts after the puts writes whatever an earlier round had not yet picked up.
  const incremental = await roundAfter(api, changedAt);
  const roundSeconds = (incremental.seenAt - (incremental.item.LastSyncTime ?? 0) * 1000) / 1000;
  const latencySeconds = (incremental.seenAt - changedAt) / 1000;
  console.log(
    `re-sync after ${changed.length} nodes changed: round ${roundSeconds.toFixed(2)} s, change to destination ${latencySeconds.toFixed(2)} s (${incremental.item.LastSyncStatusMessage}) — target ≤ 5 s`,
  );
  const syncPeakRssMb = await peakRssMb(server.pid);

  // The same question both ways; the answers must agree.
  const getInventoryTimes: number[] = [];
  const sqlTimes: number[] = [];
  let viaGetInventory = 0;
  let viaSql = 0;
  for (let q = 0; q < queries; q++) {
    let t0 = performance.now();
    let token: string | undefined;
    let found = 0;
    do {
      const page = await api.call<{ Entities: unknown[]; NextToken?: string }>("AmazonSSM.GetInventory", {
        Filters: [
          { Key: "AWS:Application.Name", Values: ["log4j-core"], Type: "Equal" },
          { Key: "AWS:Application.Version", Values: ["2.14.1"], Type: "Equal" },
        ],
        MaxResults: 50,
        ...(token ? { NextToken: token } : {}),
      });
      found += page.Entities.length;
      token = page.NextToken;
    } while (token);
    getInventoryTimes.push(performance.now() - t0);
    viaGetInventory = found;
    t0 = performance.now();
    const answer = await api.call<{ Rows: string[][] }>("Bosun.QueryResourceDataSync", {
      SyncName: "bench",
      QueryString: "SELECT count(DISTINCT resourceId) FROM aws_application WHERE name = 'log4j-core' AND version = '2.14.1'",
      TimeoutSeconds: 300,
    });
    sqlTimes.push(performance.now() - t0);
    viaSql = Number(answer.Rows[0]?.[0]);
  }
  if (viaGetInventory !== viaSql) throw new Error(`the answers differ: GetInventory ${viaGetInventory}, SQL ${viaSql}`);
  const getInventoryMs = median(getInventoryTimes);
  const sqlMs = median(sqlTimes);
  console.log(
    `"nodes with log4j-core 2.14.1" → ${viaSql} nodes: GetInventory (all pages) p50 ${getInventoryMs.toFixed(0)} ms, SQL over the lake p50 ${sqlMs.toFixed(0)} ms (ratio SQL / GetInventory ${(sqlMs / getInventoryMs).toFixed(2)}×)`,
  );
  console.log(
    JSON.stringify({
      benchmark: "resource-data-sync",
      nodeCount,
      appsPerNode,
      ingestSeconds,
      fullSyncSeconds: fullSeconds,
      fullSyncMessage: full.item.LastSyncStatusMessage,
      changedNodes: changed.length,
      incrementalRoundSeconds: roundSeconds,
      incrementalLatencySeconds: latencySeconds,
      incrementalMessage: incremental.item.LastSyncStatusMessage,
      syncPeakRssMb,
      matches: viaSql,
      getInventoryP50Ms: getInventoryMs,
      sqlP50Ms: sqlMs,
    }),
  );
} finally {
  await stopAll();
  await rm(work, { recursive: true, force: true });
}
