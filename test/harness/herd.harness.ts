/**
 * @module Herd: N simulated agents (10,000 by default) hold channels to a real `bosun server`; the server is killed
 * with SIGKILL and started again on the same port and data folder. Reports the time from cold to all Online, and from
 * the restart to all Online again (target ≤ 60 s), and checks SQLite's integrity_check after the kill.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { startBosunServer } from "../../bench/lib/bosun-server.ts";
import { registerNode } from "../../bench/lib/nodes.ts";
import { freePort, startProcess, stopAll } from "../../bench/lib/processes.ts";
import { ApiClient } from "../../src/cli/api-client.ts";

const count = Number(/--nodes=(\d+)/.exec(process.argv.join(" "))?.[1] ?? 10_000);
const work = await mkdtemp(join(tmpdir(), "bosun-herd-"));
const keys = { accessKeyId: "AKIAHARNESSHERD00001", secretAccessKey: "harness-herd-secret-harness-herd-secret0" };
const port = await freePort();
const startServer = () => startBosunServer(work, { BOSUN_MAX_NODES_PER_REGION: String(count + 10) }, { port, keys });

let online = 0;
async function untilOnline(label: string, since: number): Promise<number> {
  while (online < count) await new Promise((r) => setTimeout(r, 100));
  const seconds = (Date.now() - since) / 1000;
  console.log(`${label}: ${count} agents Online in ${seconds.toFixed(1)} s`);
  return seconds;
}

try {
  let server = await startServer();
  const endpoint = `http://127.0.0.1:${port}`;
  const api = new ApiClient({ endpoint, region: "us-east-1", credentials: keys });
  const nodes: { id: string; key: string }[] = [];
  for (let i = 0; i < count; i += 1000) {
    const activation = await api.call<{ ActivationId: string; ActivationCode: string }>("AmazonSSM.CreateActivation", {
      IamRole: "SSMRole",
      RegistrationLimit: 1000,
    });
    const batch = Math.min(1000, count - i);
    for (let j = 0; j < batch; j += 50)
      nodes.push(...(await Promise.all(Array.from({ length: Math.min(50, batch - j) }, () => registerNode(endpoint, activation)))));
  }
  console.log(`registered ${nodes.length} nodes`);
  const nodesFile = join(work, "nodes.json");
  await writeFile(nodesFile, JSON.stringify(nodes));
  const cold = Date.now();
  const agents = await startProcess(
    process.execPath,
    ["--import", "tsx", new URL("./reconnecting-agents.ts", import.meta.url).pathname, endpoint, nodesFile],
    { PATH: process.env.PATH ?? "" },
    /online \d+/,
  );
  agents.child.stdout?.on("data", (chunk) => {
    const last = [...String(chunk).matchAll(/online (\d+)/g)].pop();
    if (last) online = Number(last[1]);
  });
  const coldSeconds = await untilOnline("cold start", cold);

  server.child.kill("SIGKILL");
  await new Promise((resolve) => server.child.once("exit", resolve));
  const db = new Database(join(work, "bosun", "bosun.db"), { readonly: true });
  const integrity = db.pragma("integrity_check", { simple: true });
  db.close();
  console.log(`SQLite integrity_check after kill -9: ${String(integrity)}`);
  const killed = Date.now();
  server = await startServer();
  const herdSeconds = await untilOnline("after kill -9", killed);
  console.log(
    `RESULT herd nodes=${count} cold=${coldSeconds.toFixed(1)}s reconnect=${herdSeconds.toFixed(1)}s integrity=${String(integrity)}`,
  );
  if (integrity !== "ok" || herdSeconds > 60) process.exitCode = 1;
} finally {
  await stopAll();
  await rm(work, { recursive: true, force: true });
}
