/** @module The agent's log: JSON lines to stdout and to `agent.log` in its state folder. */
import { join } from "node:path";
import { type Logger, multistream, pino } from "pino";

export function agentLogger(stateDir: string, level = process.env.BOSUN_LOG_LEVEL ?? "info"): Logger {
  const file = pino.destination({ dest: join(stateDir, "agent.log"), mkdir: true, sync: false, mode: 0o600 });
  return pino(
    { level, base: { service: "bosun-agent" } },
    multistream([
      { stream: process.stdout, level },
      { stream: file, level },
    ]),
  );
}
