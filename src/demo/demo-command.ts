/** @module `bosun demo`: see run-demo.ts. */
import type { Command } from "commander";

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description("start a server and N agents on this machine, and show how to point the AWS CLI at the fleet")
    .option("--agents <n>", "how many agents", "5")
    .option("--port <port>", "the server's port (default 4601, or a free one when 4601 is taken)")
    .option("--dir <dir>", "where the demo keeps its data (replaced on each run)", "./.bosun-demo")
    .option("--region <region>", "the region", "us-east-1")
    .action(async (o: { agents: string; port?: string; dir: string; region: string }) => {
      const agents = Number(o.agents);
      if (!Number.isInteger(agents) || agents < 1 || agents > 200) throw new Error("--agents must be a whole number from 1 to 200");
      const { runDemo } = await import("./run-demo.ts");
      await runDemo({ agents, ...(o.port ? { port: Number(o.port) } : {}), dir: o.dir, region: o.region }, (line) =>
        process.stdout.write(`${line}\n`),
      );
    });
}
