/**
 * @module Parameter Store benchmark: signed GetParameter and GetParametersByPath over 10,000 parameters in a 4-level
 * hierarchy, 50 keep-alive connections, against etcd serving the same keys by key and by prefix, in the same run.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { ApiClient } from "../src/cli/api-client.ts";
import { startBosunServer } from "./lib/bosun-server.ts";
import { freePort, startProcess, stopAll } from "./lib/processes.ts";
import { type RawRequest, runWrk, type WrkResult } from "./lib/wrk.ts";

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const seconds = Number(args.get("seconds") ?? 15);
const connections = Number(args.get("connections") ?? 50);
const warmupSeconds = Number(args.get("warmup") ?? 5);
const width = 10; // 10 × 10 × 10 × 10 = 10,000 parameters, 4 levels deep
const region = "us-east-1";

const names: string[] = [];
for (let a = 0; a < width; a++)
  for (let b = 0; b < width; b++)
    for (let c = 0; c < width; c++) for (let d = 0; d < width; d++) names.push(`/bench/app${a}/env${b}/svc${c}/key${d}`);
const leafPaths = [...new Set(names.map((n) => n.slice(0, n.lastIndexOf("/"))))];
const pick = <T>(list: T[], i: number): T => list[(i * 7919) % list.length] as T;

async function inBatches<T>(items: T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

async function signedRequests(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  target: string,
  bodies: object[],
): Promise<RawRequest[]> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ credentials, region, service: "ssm", sha256: Hash.bind(null, "sha256") });
  return Promise.all(
    bodies.map(async (input) => {
      const body = JSON.stringify(input);
      const headers = { host: url.host, "content-type": "application/x-amz-json-1.1", "x-amz-target": target };
      const signed = await signer.sign(
        new HttpRequest({ method: "POST", hostname: url.hostname, port: Number(url.port), path: "/", headers, body }),
      );
      return { method: "POST", path: "/", headers: signed.headers as Record<string, string>, body };
    }),
  );
}

const b64 = (text: string) => Buffer.from(text).toString("base64");
const etcdRequest = (body: object): RawRequest => ({
  method: "POST",
  path: "/v3/kv/range",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

function row(name: string, r: WrkResult): string {
  return `${name.padEnd(34)} ${r.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${r.p50Ms.toFixed(2).padStart(6)} ms   p99 ${r.p99Ms.toFixed(2).padStart(6)} ms`;
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), "bosun-bench-"));
  try {
    const { endpoint, keys } = await startBosunServer(work);
    const [clientPort, peerPort] = [await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${clientPort}`;
    await startProcess(
      "etcd",
      [
        "--name=bench",
        `--data-dir=${join(work, "etcd")}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
        `--initial-cluster=bench=http://127.0.0.1:${peerPort}`,
        "--log-level=error",
      ],
      { PATH: process.env.PATH ?? "" },
      /ready to serve client requests|serving insecure client requests|^/m,
    );
    await waitForEtcd(etcdUrl);

    process.stdout.write(`seeding ${names.length} parameters into Bosun (${endpoint}) and etcd (${etcdUrl})…\n`);
    const api = new ApiClient({ endpoint, region, credentials: keys });
    let seeded = 0;
    await inBatches(names, 16, async (name) => {
      await api.call("AmazonSSM.PutParameter", { Name: name, Value: `value-of-${name}`, Type: "String" });
      if (++seeded % 2000 === 0) process.stdout.write(`  bosun ${seeded}/${names.length}\n`);
    });
    await inBatches(names, 16, (name) =>
      fetch(`${etcdUrl}/v3/kv/put`, { method: "POST", body: JSON.stringify({ key: b64(name), value: b64(`value-of-${name}`) }) }).then(
        (r) => r.arrayBuffer(),
      ),
    );

    const sample = Array.from({ length: 2000 }, (_, i) => i);
    // Each measured run follows an unmeasured warm-up, so JIT compilation and first-use costs stay out of the figures.
    const run = async (url: string, requests: RawRequest[], label: string) => {
      const scriptPath = join(work, `${label}.lua`);
      await runWrk(url, requests, { connections, seconds: warmupSeconds, threads: 1, scriptPath });
      return runWrk(url, requests, { connections, seconds, threads: 1, scriptPath });
    };

    const results: Record<string, WrkResult> = {};
    results.bosunGet = await run(
      endpoint,
      await signedRequests(
        endpoint,
        keys,
        "AmazonSSM.GetParameter",
        sample.map((i) => ({ Name: pick(names, i) })),
      ),
      "bosun-get",
    );
    results.etcdGet = await run(
      etcdUrl,
      sample.map((i) => etcdRequest({ key: b64(pick(names, i)) })),
      "etcd-get",
    );
    results.bosunPath = await run(
      endpoint,
      await signedRequests(
        endpoint,
        keys,
        "AmazonSSM.GetParametersByPath",
        sample.map((i) => ({ Path: pick(leafPaths, i), MaxResults: 10 })),
      ),
      "bosun-path",
    );
    results.etcdPath = await run(
      etcdUrl,
      sample.map((i) => {
        const prefix = `${pick(leafPaths, i)}/`;
        return etcdRequest({ key: b64(prefix), range_end: b64(`${prefix.slice(0, -1)}0`), limit: 10 });
      }),
      "etcd-path",
    );
    for (const [name, result] of Object.entries(results)) {
      if (result.errors > 0) throw new Error(`${name}: ${result.errors} failed requests of ${result.requests}`);
    }

    const ratio = (a: WrkResult, b: WrkResult) => (a.requestsPerSecond / b.requestsPerSecond).toFixed(2);
    const bosunGet = results.bosunGet as WrkResult;
    const etcdGet = results.etcdGet as WrkResult;
    const bosunPath = results.bosunPath as WrkResult;
    const etcdPath = results.etcdPath as WrkResult;
    process.stdout.write(
      [
        "",
        `Parameter Store vs etcd — 10,000 keys, 4 levels, ${connections} keep-alive connections, ${seconds} s each after ${warmupSeconds} s warm-up, wrk -t1`,
        row("bosun GetParameter (SigV4)", bosunGet),
        row("etcd  range by key", etcdGet),
        row("bosun GetParametersByPath (SigV4)", bosunPath),
        row("etcd  range by prefix (limit 10)", etcdPath),
        "",
        `ratio GetParameter        bosun/etcd throughput ${ratio(bosunGet, etcdGet)}   p99 ${(bosunGet.p99Ms / etcdGet.p99Ms).toFixed(2)}×`,
        `ratio GetParametersByPath bosun/etcd throughput ${ratio(bosunPath, etcdPath)}   p99 ${(bosunPath.p99Ms / etcdPath.p99Ms).toFixed(2)}×`,
        `target: ≥ 5,000 signed GetParameter/s with p99 ≤ 10 ms — throughput ${bosunGet.requestsPerSecond >= 5000 ? "met" : "NOT met"}, p99 ${bosunGet.p99Ms <= 10 ? "met" : "NOT met"}`,
        `(with ${connections} requests always outstanding, the mean latency is ${connections} / throughput = ${((connections / bosunGet.requestsPerSecond) * 1000).toFixed(1)} ms)`,
        "",
      ].join("\n"),
    );
  } finally {
    await stopAll();
    await rm(work, { recursive: true, force: true });
  }
}

async function waitForEtcd(url: string): Promise<void> {
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("etcd did not become healthy");
}

main().catch(async (error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await stopAll();
  process.exit(1);
});
