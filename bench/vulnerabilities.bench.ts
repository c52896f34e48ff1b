/**
 * @module Vulnerability matching at fleet scale (issue 19's targets: the whole 10,000 × 1,000 inventory against a full
 * dump in ≤ 30 s; one new advisory re-matched in ≤ 1 s). The inventory benchmark's fleet — every node on Debian 12,
 * 999 Debian packages and a log4j-core JAR each — is loaded through the real API; then a dump the size of osv.dev's
 * Debian, Maven, npm and PyPI dumps (nothing can be downloaded here, so it is generated: 5 advisories for each package
 * the fleet has, one of them affecting 1 node in 20, plus 65,000 about packages the fleet does not have, plus the real
 * log4j advisories) is imported as `bosun vulnerabilities import` does (sorted by package, in batches of 500). Then one new advisory is imported.
 * The peer, in the same run: DuckDB joining the same entries with the same affected ranges (versions compared as
 * integer lists, which these versions allow), in memory; both must find the same number of findings.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { ApiClient } from "../src/cli/api-client.ts";
import { sortedBatches } from "../src/cli/osv-dump.ts";
import { sayHello } from "../test/kit/node-platform.ts";
import { benchArgs, dropSchema, postgresUrl } from "./lib/bench-common.ts";
import { startBosunServer } from "./lib/bosun-server.ts";
import { applications, putApplications, registerFleet } from "./lib/inventory-load.ts";
import { peakRssMb } from "./lib/nodes.ts";
import { stopAll } from "./lib/processes.ts";

const args = benchArgs();
const nodeCount = Number(args.get("nodes") ?? 10_000);
const appsPerNode = Number(args.get("apps") ?? 1_000);
const fillerAdvisories = Number(args.get("filler") ?? 65_000);
const concurrency = Number(args.get("concurrency") ?? 16);
const engines = (args.get("engines") ?? "sqlite,postgres").split(",");
const batchSize = 500;

/** Node i's software: the inventory benchmark's, with the JAR's Maven coordinates. */
const software = (i: number) =>
  applications(i, appsPerNode).map((e) => (e.Name === "log4j-core" ? { ...e, PackageId: "org.apache.logging.log4j:log4j-core" } : e));

/** The fleet's package j is at `${1 + (j % 5)}.${(i + j) % 20}.${j % 7}-1` on node i: the fix `${1 + (j % 5)}.1.0-1` misses 1 node in 20. */
function fleetAdvisories(): object[] {
  const out: object[] = [];
  for (let j = 1; j < appsPerNode; j++)
    for (let k = 0; k < 5; k++)
      out.push({
        id: `DEBIAN-CVE-2026-${String(j * 5 + k).padStart(5, "0")}`,
        modified: "2026-11-01T00:00:00Z",
        aliases: [`CVE-2026-${String(j * 5 + k).padStart(5, "0")}`],
        summary: `lib-package-${j} issue ${k}`,
        affected: [
          {
            package: { ecosystem: "Debian:12", name: `lib-package-${j}` },
            ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: `${1 + (j % 5)}.${k === 0 ? 1 : 0}.0-1` }] }],
          },
        ],
      });
  return out;
}

/** Advisories about packages the fleet does not have, in every ecosystem matched. */
function fillerAdvisoryList(): object[] {
  const ecosystems = ["Debian:12", "Debian:12", "Debian:11", "Maven", "npm", "PyPI", "Go"];
  return Array.from({ length: fillerAdvisories }, (_, n) => {
    const ecosystem = ecosystems[n % ecosystems.length] ?? "npm";
    const name = ecosystem === "Maven" ? `org.example.g${n % 3000}:artifact-${n}` : `other-package-${n % 20_000}`;
    return {
      id: `OSV-2026-${n}`,
      modified: "2026-11-01T00:00:00Z",
      summary: `filler ${n}`,
      severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }],
      affected: [{ package: { ecosystem, name }, ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "9.9.9" }] }] }],
    };
  });
}

const realAdvisories = ["GHSA-jfh8-c2jp-5v3q", "GHSA-p6xc-xr62-6r2g"].map((id) =>
  JSON.parse(readFileSync(new URL(`../test/fixtures/osv/${id}.json`, import.meta.url), "utf8")),
);

/** Imports as `bosun vulnerabilities import` does: sorted by package, in its batches. */
async function importAll(api: ApiClient, advisories: object[]): Promise<number> {
  let findings = 0;
  const texts = async function* () {
    for (const advisory of advisories) yield JSON.stringify(advisory);
  };
  for await (const batch of sortedBatches(texts(), batchSize, 8 * 1024 * 1024))
    findings += (await api.call<{ Findings: number }>("Bosun.ImportVulnerabilities", { Advisories: batch })).Findings;
  return findings;
}

/** Waits until every node with findings has its Custom:Vulnerability compliance; the seconds it took. */
async function complianceSettles(api: ApiClient, nodes: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const out = await api.call<{
      ComplianceSummaryItems: { ComplianceType: string; NonCompliantSummary: { NonCompliantCount: number } }[];
    }>("AmazonSSM.ListComplianceSummaries", { Filters: [{ Key: "ComplianceType", Values: ["Custom:Vulnerability"], Type: "EQUAL" }] });
    if ((out.ComplianceSummaryItems[0]?.NonCompliantSummary.NonCompliantCount ?? 0) >= nodes) return (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function runEngine(engine: string, work: string, dump: object[]) {
  const env: Record<string, string> = { BOSUN_MAX_NODES_PER_REGION: String(nodeCount + 10) };
  const schema = `bench_${Date.now()}`;
  if (engine === "postgres") Object.assign(env, { BOSUN_DATABASE_URL: postgresUrl, BOSUN_DATABASE_SCHEMA: schema });
  const server = await startBosunServer(join(work, engine), env);
  const api = new ApiClient({ endpoint: server.endpoint, region: "us-east-1", credentials: server.keys });
  const nodes = await registerFleet(api, server.endpoint, nodeCount);
  for (let i = 0; i < nodes.length; i += 100)
    await Promise.all(nodes.slice(i, i + 100).map((n) => sayHello(server.endpoint, n, { Name: "Debian GNU/Linux", Version: "12" })));
  const ingestSeconds = await putApplications(
    api,
    nodes,
    nodes.map((_, i) => i),
    software,
    concurrency,
  );
  const started = performance.now();
  const findings = await importAll(api, dump);
  const importSeconds = (performance.now() - started) / 1000;
  const complianceSeconds = await complianceSettles(api, nodeCount);
  // One new advisory about a package every node has, affecting 1 node in 20; then one about a package none has.
  const incremental: number[] = [];
  for (const [name, id] of [
    ["lib-package-7", "DEBIAN-CVE-2026-NEW-1"],
    ["nowhere-package", "DEBIAN-CVE-2026-NEW-2"],
  ]) {
    const t0 = performance.now();
    await importAll(api, [
      {
        id,
        modified: "2026-12-01T00:00:00Z",
        summary: "new",
        affected: [
          {
            package: { ecosystem: "Debian:12", name },
            ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "3.1.0-1" }] }],
          },
        ],
      },
    ]);
    incremental.push(performance.now() - t0);
  }
  const rss = await peakRssMb(server.pid);
  await stopAll();
  if (engine === "postgres") await dropSchema(schema);
  return { ingestSeconds, importSeconds, findings, complianceSeconds, incremental, rss };
}

/** DuckDB: the same entries and affected ranges in memory, joined; the seconds of the join alone, and its count. */
async function duckdbMatch(dump: object[]) {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  // The fleet's Debian packages, as inventory-load.ts makes them (log4j-core is left to Bosun: Maven's order is not SQL's).
  await connection.run(`create table entries as
    select i as node, j as name_index, 'lib-package-' || j as name,
           [1 + (j % 5), (i + j) % 20, j % 7] as version
    from range(${nodeCount}) n(i), range(1, ${appsPerNode}) a(j)`);
  const ranges = dump.flatMap((a) =>
    ((a as { affected: { package: { ecosystem: string; name: string }; ranges: { events: { fixed?: string }[] }[] }[] }).affected ?? [])
      .filter((e) => e.package.ecosystem === "Debian:12")
      .map((e) => ({ name: e.package.name, fixed: e.ranges[0]?.events.find((x) => x.fixed)?.fixed ?? "" })),
  );
  await connection.run("create table affected_text (name varchar, fixed varchar)");
  const appender = await connection.createAppender("affected_text");
  for (const r of ranges) {
    appender.appendVarchar(r.name);
    appender.appendVarchar(r.fixed);
    appender.endRow();
  }
  appender.closeSync();
  await connection.run(
    "create table affected as select name, cast(string_split(regexp_replace(fixed, '-.*', ''), '.') as integer[]) as fixed from affected_text",
  );
  const t0 = performance.now();
  const reader = await connection.runAndReadAll(
    "select count(*) as n from entries e join affected a on a.name = e.name where e.version < a.fixed",
  );
  const seconds = (performance.now() - t0) / 1000;
  const count = Number((reader.getRowObjects()[0] as { n: bigint }).n);
  connection.closeSync();
  return { seconds, count };
}

const work = await mkdtemp(join(tmpdir(), "bosun-vulnerability-bench-"));
try {
  const dump = [...fleetAdvisories(), ...fillerAdvisoryList(), ...realAdvisories];
  const duck = await duckdbMatch(dump);
  console.log(`duckdb: the Debian packages' join in ${duck.seconds.toFixed(2)} s → ${duck.count} findings`);
  for (const engine of engines) {
    const r = await runEngine(engine, work, dump);
    const log4j = r.findings - duck.count;
    console.log(
      `${engine}: ${nodeCount} nodes × ${appsPerNode} entries put in ${r.ingestSeconds.toFixed(1)} s; ${dump.length} advisories imported and matched in ` +
        `${r.importSeconds.toFixed(1)} s (target ≤ 30 s: ${(r.importSeconds / 30).toFixed(2)}× the target; ${(r.importSeconds / duck.seconds).toFixed(1)}× DuckDB's join alone) → ` +
        `${r.findings} findings (${duck.count} Debian, as DuckDB found, and ${log4j} log4j-core); compliance of every node recorded ${r.complianceSeconds.toFixed(1)} s later; ` +
        `one new advisory: ${r.incremental[0]?.toFixed(0)} ms (a package on every node), ${r.incremental[1]?.toFixed(0)} ms (a package on none), target ≤ 1,000 ms; server peak RSS ${Math.round(r.rss)} MB`,
    );
  }
} finally {
  await stopAll();
  await rm(work, { recursive: true, force: true });
}
