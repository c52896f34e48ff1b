/**
 * @module Exhaustion: a real `bosun server` under unauthenticated 16 MiB bodies, slowloris, more idle connections
 * than it has file descriptors, and lake queries built to run it out of memory. Throughout, /health is
 * asked every 200 ms; at the end the server must be up, /health must never have failed, and its peak RSS ≤ 1 GB.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startBosunServer } from "../../bench/lib/bosun-server.ts";
import { peakRssMb } from "../../bench/lib/nodes.ts";
import { freePort, startProcess, stopAll } from "../../bench/lib/processes.ts";
import { ApiClient } from "../../src/cli/api-client.ts";

const work = await mkdtemp(join(tmpdir(), "bosun-exhaustion-"));
const port = await freePort();
const server = await startBosunServer(work, {}, { port });
const { pid, keys } = server;
const endpoint = `http://127.0.0.1:${port}`;

// /health every 200 ms, each with its own connection, for the whole run.
const health = { asked: 0, failed: 0, slowestMs: 0 };
const watcher = setInterval(() => {
  const started = Date.now();
  health.asked++;
  fetch(new URL("/health", endpoint), { signal: AbortSignal.timeout(5000) })
    .then((r) => {
      if (r.status !== 200) health.failed++;
      health.slowestMs = Math.max(health.slowestMs, Date.now() - started);
    })
    .catch(() => health.failed++);
}, 200);

const sockets: Socket[] = [];
const open = () =>
  new Promise<Socket>((resolve) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
    socket.on("error", () => {});
    // Read what the server says (a 408, a close), so the client side sees the end of the connection.
    socket.resume();
    sockets.push(socket);
  });
const closeAll = () => {
  for (const s of sockets.splice(0)) s.destroy();
};
const headers = (target: string, length: number) =>
  `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: ${target}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: ${length}\r\n\r\n`;
const results: string[] = [];

try {
  // 1. 150 unauthenticated bodies of 16 MiB each (PutInventory's limit), sent as fast as loopback allows.
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  let refused = 0;
  await Promise.all(
    Array.from({ length: 150 }, async () => {
      const socket = await open();
      let answer = "";
      socket.on("data", (d) => {
        answer += String(d);
      });
      socket.write(headers("AmazonSSM.PutInventory", 16 * 1024 * 1024));
      for (let i = 0; i < 16 && socket.writable; i++) await new Promise((r) => socket.write(chunk, r));
      await new Promise((r) => setTimeout(r, 500));
      if (answer.startsWith("HTTP/1.1 503")) refused++;
    }),
  );
  closeAll();
  results.push(`bodies: 150 × 16 MiB unauthenticated, ${refused} refused 503 at once, peak RSS ${(await peakRssMb(pid)).toFixed(0)} MB`);

  // 2. Slowloris: 2,000 connections sending one header line a second.
  for (let i = 0; i < 2000; i++) (await open()).write("POST / HTTP/1.1\r\nHost: x\r\n");
  const drip = setInterval(() => {
    for (const s of sockets) if (s.writable) s.write("X-Drip: 1\r\n");
  }, 1000);
  await new Promise((r) => setTimeout(r, 15_000));
  clearInterval(drip);
  const survivors = sockets.filter((s) => !s.destroyed && s.readable).length;
  closeAll();
  results.push(`slowloris: 2,000 connections, ${survivors} still open after 15 s (headers timeout 10 s)`);

  // 3. More idle connections than the server has file descriptors (20,600 used them up before): three helper
  //    processes of 7,000 each, since one process alone may not hold that many.
  const helpers = await Promise.all(
    [1, 2, 3].map(() =>
      startProcess(
        process.execPath,
        ["--import", "tsx", new URL("./idle-connections.ts", import.meta.url).pathname, String(port), "7000"],
        { PATH: process.env.PATH ?? "" },
        /done \d+/,
        300_000,
      ),
    ),
  );
  await new Promise((r) => setTimeout(r, 3000));
  const held = helpers.map((h) => Number(/done (\d+)/.exec(h.output())?.[1] ?? 0)).reduce((a, b) => a + b, 0);
  results.push(`idle flood: ${held} of 21,000 connections opened by 3 processes, against a limit of the server's descriptors less 1,024`);
  for (const helper of helpers) helper.child.kill("SIGKILL");

  // 4. Lake queries meant to run the server out of memory.
  const api = new ApiClient({ endpoint, region: "us-east-1", credentials: keys });
  await api.call("AmazonSSM.CreateResourceDataSync", {
    SyncName: "lake",
    S3Destination: { BucketName: "harness-lake", SyncFormat: "JsonSerDe", Region: "us-east-1" },
  });
  for (const sql of [
    "SELECT list(x) FROM range(100000000) AS t(x)",
    "SELECT string_agg(repeat('x', 1000), ',') FROM range(10000000)",
    "SELECT repeat('x', 100000) FROM range(10000)",
  ]) {
    const outcome = await api.call("Bosun.QueryResourceDataSync", { SyncName: "lake", QueryString: sql, MaxRows: 10_000 }).then(
      () => "answered",
      (e: Error) => e.message.slice(0, 100),
    );
    results.push(`query ${sql.slice(0, 50)}…: ${outcome}`);
  }
  await new Promise((r) => setTimeout(r, 1000));
  const alive = server.child.exitCode === null;
  const peak = await peakRssMb(pid);
  results.push(`server alive: ${alive}; /health asked ${health.asked}×, failed ${health.failed}×, slowest ${health.slowestMs} ms`);
  results.push(`server peak RSS over the whole run: ${peak.toFixed(0)} MB`);
  for (const line of results) console.log(line);
  console.log(
    `RESULT exhaustion alive=${alive} healthFailures=${health.failed} slowestHealthMs=${health.slowestMs} peakRssMb=${peak.toFixed(0)}`,
  );
  if (!alive || health.failed > 0 || peak > 1024) process.exitCode = 1;
} finally {
  clearInterval(watcher);
  closeAll();
  await stopAll();
  await rm(work, { recursive: true, force: true });
}
