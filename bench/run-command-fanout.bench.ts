/**
 * @module Run Command fan-out: one `bosun server` process and N simulated agents (a separate process speaking the
 * real agent protocol over loopback). Measures the time from SendCommand(`echo ok`, MaxConcurrency 100%) until
 * every invocation is Success, and the server's peak RSS. Targets at 10,000 nodes: ≤ 10 s and ≤ 1.5 GB.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ApiClient } from "../src/cli/api-client.ts";
import { startBosunServer } from "./lib/bosun-server.ts";
import { peakRssMb, registerNode } from "./lib/nodes.ts";
import { startProcess, stopAll } from "./lib/processes.ts";

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const sizes = (args.get("nodes") ?? "1000,10000").split(",").map(Number);

async function fanOut(n: number): Promise<{ n: number; seconds: number; peakRssMb: number; connectSeconds: number }> {
  const work = await mkdtemp(join(tmpdir(), "bosun-fanout-"));
  try {
    const server = await startBosunServer(work, { BOSUN_MAX_NODES_PER_REGION: String(n + 10), BOSUN_HEARTBEAT_INTERVAL_MS: "30000" });
    const api = new ApiClient({ endpoint: server.endpoint, region: "us-east-1", credentials: server.keys });
    const nodes = [];
    for (let left = n; left > 0; left -= 1000) {
      const activation = await api.call<{ ActivationId: string; ActivationCode: string }>("AmazonSSM.CreateActivation", {
        IamRole: "Bench",
        RegistrationLimit: Math.min(1000, left),
        Tags: [{ Key: "fleet", Value: "bench" }],
      });
      for (let i = 0; i < Math.min(1000, left); i += 50)
        nodes.push(...(await Promise.all(Array.from({ length: Math.min(50, left - i) }, () => registerNode(server.endpoint, activation)))));
    }
    const file = join(work, "nodes.json");
    await writeFile(file, JSON.stringify(nodes));
    const connectStart = performance.now();
    const agents = await startProcess(
      process.execPath,
      ["--import", "tsx", new URL("./lib/simulated-agents.ts", import.meta.url).pathname, server.endpoint, file],
      { PATH: process.env.PATH ?? "" },
      new RegExp(`connected ${n}\\b`),
      600_000,
    );
    const connectSeconds = (performance.now() - connectStart) / 1000;
    const start = performance.now();
    const sent = await api.call<{ Command: { CommandId: string } }>("AmazonSSM.SendCommand", {
      DocumentName: "AWS-RunShellScript",
      Targets: [{ Key: "tag:fleet", Values: ["bench"] }],
      Parameters: { commands: ["echo ok"] },
      MaxConcurrency: "100%",
    });
    for (;;) {
      const { Commands } = await api.call<{ Commands: { Status: string; CompletedCount: number; TargetCount: number }[] }>(
        "AmazonSSM.ListCommands",
        { CommandId: sent.Command.CommandId },
      );
      const command = Commands[0];
      if (command && command.Status !== "Pending" && command.Status !== "InProgress") {
        if (command.Status !== "Success" || command.CompletedCount !== n) throw new Error(`command ended ${JSON.stringify(command)}`);
        break;
      }
      await sleep(50);
    }
    const seconds = (performance.now() - start) / 1000;
    const result = { n, seconds, peakRssMb: await peakRssMb(server.pid), connectSeconds };
    agents.child.kill("SIGKILL");
    return result;
  } finally {
    await stopAll();
    await rm(work, { recursive: true, force: true });
  }
}

const results = [];
for (const n of sizes) {
  const result = await fanOut(n);
  results.push(result);
  console.log(
    `fan-out to ${n} simulated agents: all Success in ${result.seconds.toFixed(2)} s; server peak RSS ${result.peakRssMb.toFixed(0)} MB (connecting them took ${result.connectSeconds.toFixed(1)} s)`,
  );
}
console.log(JSON.stringify({ benchmark: "run-command-fanout", results }));
