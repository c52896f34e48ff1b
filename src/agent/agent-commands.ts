/** @module `bosun agent ...`: the commands that run on a managed node. */
import type { Command } from "commander";
import { registerAgent } from "./register-agent.ts";
import { defaultStateDir } from "./state-dir.ts";

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
      const registration = await registerAgent({ ...o, force: o.force === true });
      process.stdout.write(`Registered as ${registration.InstanceId} in ${registration.Region} (state in ${o.stateDir})\n`);
    });
}
