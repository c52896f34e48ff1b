/** @module `bosun agent install`: writes the shipped systemd unit with this installation's paths and enables it. */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const unitName = "bosun-agent.service";
const template = new URL("../../packaging/systemd/bosun-agent.service", import.meta.url);

/** True where systemd manages services (it is PID 1). */
export const systemdRuns = (): boolean => existsSync("/run/systemd/system");

export async function unitText(bosunPath: string, stateDir: string): Promise<string> {
  return (await readFile(template, "utf8")).replaceAll("@BOSUN@", bosunPath).replaceAll("@STATE_DIR@", stateDir);
}

export interface InstallResult {
  unitPath: string;
  enabled: boolean;
}

/** Writes the unit; enables and starts it when systemd runs and the unit went to the system folder. */
export async function installService(options: { bosunPath: string; stateDir: string; unitDir: string }): Promise<InstallResult> {
  const unitPath = join(options.unitDir, unitName);
  await writeFile(unitPath, await unitText(options.bosunPath, options.stateDir), { mode: 0o644 });
  if (options.unitDir !== "/etc/systemd/system" || !systemdRuns()) return { unitPath, enabled: false };
  await run("systemctl", ["daemon-reload"]);
  await run("systemctl", ["enable", "--now", unitName]);
  return { unitPath, enabled: true };
}
