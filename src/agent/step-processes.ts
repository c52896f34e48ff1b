/**
 * @module Steps die with the agent. A step's shell gets the parent-death signal (util-linux `setpriv --pdeathsig`),
 * so it is killed the moment the agent is; what it started in the background is found again after a restart by its
 * process group, recorded beside the step's output, and killed before the agent reports the invocation as interrupted.
 */
import { constants } from "node:fs";
import { access, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

const setpriv = "/usr/bin/setpriv";

/** The command line that runs `interpreter args`, killed with SIGKILL when the agent dies (where setpriv exists). */
export async function diesWithAgent(interpreter: string, args: string[]): Promise<{ command: string; args: string[] }> {
  const available = await access(setpriv, constants.X_OK).then(
    () => true,
    () => false,
  );
  return available ? { command: setpriv, args: ["--pdeathsig", "KILL", "--", interpreter, ...args] } : { command: interpreter, args };
}

interface ProcessStat {
  pgrp: number;
  /** Clock ticks after boot. */
  startTime: number;
}

async function statOf(pid: string | number): Promise<ProcessStat | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (!text) return undefined;
  // Fields after the command name, which is in parentheses and may itself hold spaces.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return { pgrp: Number(fields[2]), startTime: Number(fields[19]) };
}

const recordName = "process-group";

/** Records a step's process group (its leader's pid and start time) in the step's folder. */
export async function recordProcessGroup(stepDir: string, pid: number): Promise<void> {
  const stat = await statOf(pid);
  if (stat) await writeFile(join(stepDir, recordName), JSON.stringify({ pgid: pid, startTime: stat.startTime }), { mode: 0o600 });
}

/**
 * Kills whatever is left of the process groups recorded under an interrupted invocation's folder. A process counts
 * only if it is in the recorded group and started no earlier than the group's leader, so a reused id is left alone.
 * Returns how many processes were killed.
 */
export async function killLeftovers(invocationDir: string): Promise<number> {
  const groups: { pgid: number; startTime: number }[] = [];
  for (const step of await readdir(invocationDir).catch(() => [] as string[])) {
    const text = await readFile(join(invocationDir, step, recordName), "utf8").catch(() => undefined);
    if (text) groups.push(JSON.parse(text) as { pgid: number; startTime: number });
  }
  if (groups.length === 0) return 0;
  let killed = 0;
  for (const pid of (await readdir("/proc")).filter((name) => /^\d+$/.test(name))) {
    const stat = await statOf(pid);
    if (!stat || Number(pid) === process.pid) continue;
    if (!groups.some((g) => g.pgid === stat.pgrp && stat.startTime >= g.startTime)) continue;
    try {
      process.kill(Number(pid), "SIGKILL");
      killed++;
    } catch {}
  }
  return killed;
}
