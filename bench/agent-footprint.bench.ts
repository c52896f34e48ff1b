/**
 * @module Agent footprint: a connected, idle `bosun agent run` over a minute — resident memory and CPU — beside a bare
 * Node process doing nothing (the runtime's own floor), measured in the same run. Targets: ≤ 60 MB, ≤ 0.5 % CPU.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ApiClient } from "../src/cli/api-client.ts";
import { startBosunServer } from "./lib/bosun-server.ts";
import { startRealAgent } from "./lib/nodes.ts";
import { cpuSeconds, residentBytes } from "./lib/proc-usage.ts";
import { startProcess, stopAll } from "./lib/processes.ts";

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const seconds = Number(args.get("idle-seconds") ?? 60);

async function sample(pid: number, label: string): Promise<{ label: string; rssMb: number; cpuPercent: number }> {
  const before = await cpuSeconds(pid);
  let peak = 0;
  for (let i = 0; i < seconds; i++) {
    await sleep(1000);
    peak = Math.max(peak, await residentBytes(pid));
  }
  const used = (await cpuSeconds(pid)) - before;
  return { label, rssMb: peak / 1024 / 1024, cpuPercent: (100 * used) / seconds };
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), "bosun-footprint-"));
  try {
    const { endpoint, keys } = await startBosunServer(work);
    const api = new ApiClient({ endpoint, region: "us-east-1", credentials: keys });
    const activation = await api.call<{ ActivationId: string; ActivationCode: string }>("AmazonSSM.CreateActivation", { IamRole: "Bench" });
    const { agent } = await startRealAgent(endpoint, activation, join(work, "agent"));
    const bare = await startProcess(
      process.execPath,
      ["-e", "setInterval(() => {}, 1 << 30); console.log('ready')"],
      { PATH: process.env.PATH ?? "" },
      /ready/,
    );
    await sleep(3000);
    process.stdout.write(`measuring an idle, connected agent and a bare Node process for ${seconds} s (heartbeat every 30 s)…\n`);
    const [agentUse, bareUse] = await Promise.all([
      sample(agent.child.pid ?? 0, "bosun agent (connected, idle)"),
      sample(bare.child.pid ?? 0, "bare node (peer: the runtime's floor)"),
    ]);
    const row = (r: { label: string; rssMb: number; cpuPercent: number }) =>
      `${r.label.padEnd(40)} RSS ${r.rssMb.toFixed(1).padStart(6)} MB   CPU ${r.cpuPercent.toFixed(2).padStart(5)} %`;
    process.stdout.write(
      [
        "",
        "Agent footprint",
        row(agentUse),
        row(bareUse),
        `ratio agent/bare node: RSS ${(agentUse.rssMb / bareUse.rssMb).toFixed(2)}×`,
        `targets: RSS ≤ 60 MB ${agentUse.rssMb <= 60 ? "met" : "NOT met"}, CPU ≤ 0.5 % ${agentUse.cpuPercent <= 0.5 ? "met" : "NOT met"}`,
        "",
      ].join("\n"),
    );
  } finally {
    await stopAll();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch(async (error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await stopAll();
  process.exit(1);
});
