/** @module `bosun agent ...`: the commands that run on a managed node. */

import { realpathSync } from "node:fs";
import type { Command } from "commander";
import { agentLogger } from "./agent-log.ts";

import { runAgent } from "./run-agent.ts";
import { defaultStateDir, ensureStateDir } from "./state-dir.ts";

export function registerAgentCommands(program: Command): void {
  const agent = program.command("agent").description("the agent that runs on every managed node");
  agent
    .command("register")
    .description("register this machine with a hybrid activation")
    .requiredOption("--server <url>", "the Bosun server, e.g. https://bosun.example:4601")
    .requiredOption("--code <code>", "activation code")
    .requiredOption("--id <id>", "activation id")
    .option("--region <region>", "the activation's region", process.env.AWS_REGION ?? "us-east-1")
    .option("--state-dir <dir>", "where the agent keeps its key and state", process.env.BOSUN_AGENT_STATE_DIR ?? defaultStateDir)
    .option("--force", "replace an existing registration")
    .action(async (o: { server: string; code: string; id: string; region: string; stateDir: string; force?: boolean }) => {
      const { registerAgent } = await import("./register-agent.ts");
      const registration = await registerAgent({ ...o, force: o.force === true });
      process.stdout.write(`Registered as ${registration.InstanceId} in ${registration.Region} (state in ${o.stateDir})\n`);
    });
  agent
    .command("run")
    .description("run the agent in the foreground: connect out to the server and stay connected")
    .option("--state-dir <dir>", "the agent's state folder", process.env.BOSUN_AGENT_STATE_DIR ?? defaultStateDir)
    .action(async (o: { stateDir: string }) => {
      await ensureStateDir(o.stateDir);
      const log = agentLogger(o.stateDir);
      const maxAge = process.env.BOSUN_AGENT_KEY_MAX_AGE_MS;
      const running = await runAgent({ stateDir: o.stateDir, log, ...(maxAge ? { keyMaxAgeMs: Number(maxAge) } : {}) });
      for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => running.stop());
      const how = await running.finished;
      log.info({ how }, "agent stopped");
      log.flush();
      // A refused node exits non-zero, so a supervisor shows the failure instead of a clean stop.
      process.exitCode = how === "refused" ? 2 : 0;
    });
  agent
    .command("install")
    .description("install the systemd unit and enable it (where systemd runs)")
    .option("--state-dir <dir>", "the agent's state folder", process.env.BOSUN_AGENT_STATE_DIR ?? defaultStateDir)
    .option("--unit-dir <dir>", "where to write the unit", "/etc/systemd/system")
    .action(async (o: { stateDir: string; unitDir: string }) => {
      const bosunPath = realpathSync(process.argv[1] ?? "bosun");
      const { installService } = await import("./install-service.ts");
      const result = await installService({ bosunPath, stateDir: o.stateDir, unitDir: o.unitDir });
      process.stdout.write(
        result.enabled
          ? `Installed and started ${result.unitPath}\n`
          : `Wrote ${result.unitPath}; systemd is not running here (or the unit is outside /etc/systemd/system), so nothing was enabled\n`,
      );
    });
}
