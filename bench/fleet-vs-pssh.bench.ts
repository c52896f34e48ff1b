/**
 * @module Side by side, in the same run: `echo ok` on 50 machines through Bosun (50 real `bosun agent run` processes,
 * SendCommand by tag until the command is Success) and through parallel-ssh (Debian's pssh, 50 parallel OpenSSH
 * logins to a private sshd on loopback). Reports the median wall time of each and the ratio. Target: Bosun faster.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { ApiClient } from "../src/cli/api-client.ts";
import { startPrivateSshd } from "../test/kit/sshd.ts";
import { startBosunServer } from "./lib/bosun-server.ts";
import { startRealAgent } from "./lib/nodes.ts";
import { stopAll } from "./lib/processes.ts";

const run = promisify(execFile);
const machines = 50;
const rounds = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function sshFleet(work: string): Promise<() => Promise<number>> {
  const sshd = await startPrivateSshd(work, ["MaxStartups 200", "MaxSessions 200"]);
  const { port } = sshd;
  const dir = join(work, "ssh");
  await writeFile(join(dir, "hosts"), `${Array.from({ length: machines }, () => `${sshd.user}@127.0.0.1:${port}`).join("\n")}\n`);
  const sshOptions = sshd.options;
  return async () => {
    const start = performance.now();
    const { stdout } = await run("parallel-ssh", ["-p", String(machines), "-h", join(dir, "hosts"), "-x", sshOptions, "-i", "echo ok"]);
    const seconds = (performance.now() - start) / 1000;
    const successes = (stdout.match(/\[SUCCESS\]/g) ?? []).length;
    if (successes !== machines) throw new Error(`parallel-ssh reached ${successes} of ${machines}:\n${stdout.slice(-1000)}`);
    return seconds;
  };
}

async function bosunFleet(work: string): Promise<() => Promise<number>> {
  const server = await startBosunServer(work);
  const api = new ApiClient({ endpoint: server.endpoint, region: "us-east-1", credentials: server.keys });
  const activation = await api.call<{ ActivationId: string; ActivationCode: string }>("AmazonSSM.CreateActivation", {
    IamRole: "Bench",
    RegistrationLimit: machines,
    Tags: [{ Key: "fleet", Value: "bench" }],
  });
  for (let i = 0; i < machines; i++) {
    await startRealAgent(server.endpoint, activation, join(work, "agents", String(i)));
  }
  return async () => {
    const start = performance.now();
    const sent = await api.call<{ Command: { CommandId: string } }>("AmazonSSM.SendCommand", {
      DocumentName: "AWS-RunShellScript",
      Targets: [{ Key: "tag:fleet", Values: ["bench"] }],
      Parameters: { commands: ["echo ok"] },
      MaxConcurrency: "100%",
    });
    for (;;) {
      const { Commands } = await api.call<{ Commands: { Status: string; CompletedCount: number }[] }>("AmazonSSM.ListCommands", {
        CommandId: sent.Command.CommandId,
      });
      const status = Commands[0]?.Status;
      if (status === "Success" && Commands[0]?.CompletedCount === machines) break;
      if (status !== "Pending" && status !== "InProgress") throw new Error(`command ended ${status}`);
      await sleep(10);
    }
    return (performance.now() - start) / 1000;
  };
}

const work = await mkdtemp(join(tmpdir(), "bosun-vs-pssh-"));
try {
  const pssh = await sshFleet(work);
  const fleet = await bosunFleet(work);
  const times = { bosun: [] as number[], pssh: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    times.pssh.push(await pssh());
    times.bosun.push(await fleet());
  }
  const result = { machines, rounds, bosunSeconds: median(times.bosun), psshSeconds: median(times.pssh) };
  console.log(
    `echo ok on ${machines} machines (median of ${rounds}): Bosun ${result.bosunSeconds.toFixed(3)} s, parallel-ssh ${result.psshSeconds.toFixed(3)} s — Bosun takes ${(result.bosunSeconds / result.psshSeconds).toFixed(2)}× the time of parallel-ssh`,
  );
  console.log(JSON.stringify({ benchmark: "fleet-vs-pssh", ...result, times }));
} finally {
  await stopAll();
  await rm(work, { recursive: true, force: true });
}
