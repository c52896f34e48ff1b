/** @module The `bosun` executable: the server command and the CLI commands under one program. */
import { Command } from "commander";
import { registerAgentCommands } from "./agent/agent-commands.ts";
import { registerBucketCommands } from "./cli/commands/bucket-commands.ts";
import { registerFleetCommands } from "./cli/commands/fleet-commands.ts";
import { registerIdentityCommands } from "./cli/commands/identity-commands.ts";
import { registerInventoryCommands } from "./cli/commands/inventory-commands.ts";
import { registerQueryCommands } from "./cli/commands/query-commands.ts";
import { registerSessionCommands } from "./cli/commands/session-commands.ts";
import { registerVulnerabilityCommands } from "./cli/commands/vulnerability-commands.ts";
import { registerDemoCommand } from "./demo/demo-command.ts";
import { registerServerCommand } from "./server/server-command.ts";

const program = new Command("bosun").description("Bosun: a self-hosted Systems Manager that speaks the AWS SSM API");
registerServerCommand(program);
registerIdentityCommands(program);
registerInventoryCommands(program);
registerQueryCommands(program);
registerFleetCommands(program);
registerSessionCommands(program);
registerBucketCommands(program);
registerVulnerabilityCommands(program);
registerAgentCommands(program);
registerDemoCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`bosun: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
