/**
 * @module Faults: a command storm to 2,000 simulated agents and 3 real agents (whose script appends the command's
 * marker to a file), while the server is killed with SIGKILL at random moments and the real agents too. Every
 * command must end; no (node, command) may run twice; no invocation may be lost (reported Success that never ran,
 * or run and acknowledged but not recorded); SQLite's integrity_check must pass after every kill.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { startBosunServer } from "../../bench/lib/bosun-server.ts";
import { registerNode } from "../../bench/lib/nodes.ts";
import { freePort, startProcess, stopAll } from "../../bench/lib/processes.ts";
import { ApiClient } from "../../src/cli/api-client.ts";
import { exited, registerAgentProcess, startAgentProcess } from "../kit/agents.ts";

const simulated = Number(/--nodes=(\d+)/.exec(process.argv.join(" "))?.[1] ?? 2000);
const commands = Number(/--commands=(\d+)/.exec(process.argv.join(" "))?.[1] ?? 20);
const work = await mkdtemp(join(tmpdir(), "bosun-faults-"));
const keys = { accessKeyId: "AKIAHARNESSFAULTS001", secretAccessKey: "harness-faults-secret-harness-faults-sec" };
const port = await freePort();
const endpoint = `http://127.0.0.1:${port}`;
const env = { BOSUN_MAX_NODES_PER_REGION: String(simulated + 100), BOSUN_HEARTBEAT_INTERVAL_MS: "2000" };
const startServer = () => startBosunServer(work, env, { port, keys });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const api = new ApiClient({ endpoint, region: "us-east-1", credentials: keys });
const retry = async <T>(call: () => Promise<T>): Promise<T> => {
  for (;;) {
    try {
      return await call();
    } catch (error) {
      // The server is down for a moment: a client retries, as the SDK's retry does.
      if ((error as { exception?: string }).exception !== undefined) throw error;
      await sleep(200);
    }
  }
};
function integrity(): string {
  const db = new Database(join(work, "bosun", "bosun.db"), { readonly: true });
  try {
    return String(db.pragma("integrity_check", { simple: true }));
  } finally {
    db.close();
  }
}

const real: { id: string; dir: string; agent: ReturnType<typeof startAgentProcess> }[] = [];
try {
  let server = await startServer();
  const nodes: { id: string; key: string }[] = [];
  for (let i = 0; i < simulated; i += 1000) {
    // The activation's tags go to the nodes that register with it: every node is a target of the storm.
    const activation = await api.call<{ ActivationId: string; ActivationCode: string }>("AmazonSSM.CreateActivation", {
      IamRole: "SSMRole",
      RegistrationLimit: 1000,
      Tags: [{ Key: "storm", Value: "yes" }],
    });
    const batch = Math.min(1000, simulated - i);
    for (let j = 0; j < batch; j += 50)
      nodes.push(...(await Promise.all(Array.from({ length: Math.min(50, batch - j) }, () => registerNode(endpoint, activation)))));
  }
  const nodesFile = join(work, "nodes.json");
  const runsFile = join(work, "runs.txt");
  await writeFile(nodesFile, JSON.stringify(nodes));
  await writeFile(runsFile, "");
  await startProcess(
    process.execPath,
    ["--import", "tsx", new URL("./storm-agents.ts", import.meta.url).pathname, endpoint, nodesFile, runsFile],
    { PATH: process.env.PATH ?? "" },
    /online \d+/,
  );
  const realActivation = await api.call<{ ActivationId: string; ActivationCode: string }>("AmazonSSM.CreateActivation", {
    IamRole: "SSMRole",
    RegistrationLimit: 3,
    Tags: [{ Key: "storm", Value: "yes" }],
  });
  for (let i = 0; i < 3; i++) {
    const dir = join(work, `real-${i}`);
    const id = await registerAgentProcess(endpoint, dir, realActivation);
    real.push({ id, dir, agent: startAgentProcess(dir, { PATH: process.env.PATH ?? "" }) });
  }

  const sent: { id: string; marker: string }[] = [];
  const faults: string[] = [];
  for (let c = 0; c < commands; c++) {
    const marker = `storm-${c}`;
    const out = await retry(() =>
      api.call<{ Command: { CommandId: string } }>("AmazonSSM.SendCommand", {
        DocumentName: "AWS-RunShellScript",
        Targets: [{ Key: "tag:storm", Values: ["yes"] }],
        Parameters: { commands: [`echo "$AWS_SSM_INSTANCE_ID ${marker}" >> ${join(work, "real-runs.txt")}`, "sleep 1"] },
        MaxConcurrency: "100%",
        MaxErrors: "100%",
      }),
    );
    sent.push({ id: out.Command.CommandId, marker });
    await sleep(300 + Math.random() * 400);
    // While its one-second script runs on the real agents: now and then a fault: the server killed and started again, or a real agent killed and started again.
    if (c % 5 === 2) {
      server.child.kill("SIGKILL");
      await new Promise((r) => server.child.once("exit", r));
      faults.push(`server killed after command ${c}; integrity_check ${integrity()}`);
      server = await startServer();
    } else if (c % 5 === 4) {
      const victim = real[c % real.length];
      if (victim) {
        victim.agent.kill("SIGKILL");
        await exited(victim.agent);
        victim.agent = startAgentProcess(victim.dir, { PATH: process.env.PATH ?? "" });
        faults.push(`real agent ${victim.id} killed after command ${c}`);
      }
    }
  }
  console.log(faults.join("\n"));
  const quiet = Date.now();

  // Every command must finish.
  const finished = new Set<string>();
  while (finished.size < sent.length && Date.now() - quiet < 300_000) {
    for (const { id } of sent) {
      if (finished.has(id)) continue;
      const { Commands } = await retry(() => api.call<{ Commands: { Status: string }[] }>("AmazonSSM.ListCommands", { CommandId: id }));
      if (!["Pending", "InProgress", "Cancelling"].includes(Commands[0]?.Status ?? "Pending")) finished.add(id);
    }
    await sleep(1000);
  }
  const stuck = sent.length - finished.size;
  const settled = ((Date.now() - quiet) / 1000).toFixed(1);

  // What ran, by (node, command), from the simulated agents' file and the real agents' own script output.
  const runs = new Map<string, number>();
  const count = (key: string) => runs.set(key, (runs.get(key) ?? 0) + 1);
  for (const line of (await readFile(runsFile, "utf8")).split("\n").filter(Boolean)) count(line);
  const byMarker = new Map(sent.map((c) => [c.marker, c.id]));
  const realRuns = await readFile(join(work, "real-runs.txt"), "utf8").catch(() => "");
  for (const line of realRuns.split("\n").filter(Boolean)) {
    const [node, marker] = line.split(" ");
    count(`${node} ${byMarker.get(marker ?? "")}`);
  }
  const twice = [...runs.values()].filter((n) => n > 1).length;

  let lost = 0;
  let invocations = 0;
  const statuses = new Map<string, number>();
  for (const { id } of sent) {
    let NextToken: string | undefined;
    do {
      const page: { CommandInvocations: { InstanceId: string; Status: string }[]; NextToken?: string } = await api.call(
        "AmazonSSM.ListCommandInvocations",
        {
          CommandId: id,
          MaxResults: 50,
          ...(NextToken ? { NextToken } : {}),
        },
      );
      for (const invocation of page.CommandInvocations) {
        invocations++;
        statuses.set(invocation.Status, (statuses.get(invocation.Status) ?? 0) + 1);
        const ran = runs.has(`${invocation.InstanceId} ${id}`);
        const simulatedNode = !real.some((r) => r.id === invocation.InstanceId);
        // Success that never ran, or (for a simulated agent, which always reports) a run the server did not record.
        if ((invocation.Status === "Success" && !ran) || (simulatedNode && ran && invocation.Status !== "Success")) lost++;
      }
      NextToken = page.NextToken;
    } while (NextToken);
  }
  server.child.kill("SIGKILL");
  await new Promise((r) => server.child.once("exit", r));
  const finalIntegrity = integrity();
  console.log(`invocations by status: ${JSON.stringify(Object.fromEntries(statuses))}`);
  console.log(
    `RESULT faults agents=${simulated}+${real.length} commands=${sent.length} invocations=${invocations} serverKills=${faults.filter((f) => f.startsWith("server")).length} agentKills=${faults.filter((f) => f.startsWith("real")).length} lost=${lost} twice=${twice} stuck=${stuck} settledIn=${settled}s integrity=${finalIntegrity}`,
  );
  if (
    lost > 0 ||
    twice > 0 ||
    stuck > 0 ||
    finalIntegrity !== "ok" ||
    faults.some((f) => f.includes("integrity_check") && !f.endsWith("ok"))
  )
    process.exitCode = 1;
} finally {
  for (const { agent } of real) {
    agent.kill("SIGKILL");
    await exited(agent);
  }
  await stopAll();
  await rm(work, { recursive: true, force: true });
}
