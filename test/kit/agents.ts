/** @module Real agent processes for tests: `bosun agent register` and `bosun agent run`, each with its own state folder. */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { bosunBin } from "./bosun-bin.ts";

const bosun = bosunBin;
const run = promisify(execFile);

/** Runs `bosun agent register`; resolves with the new `mi-` id, or rejects with the process error (stderr inside). */
export async function registerAgentProcess(
  endpoint: string,
  stateDir: string,
  activation: { ActivationId?: string | undefined; ActivationCode?: string | undefined },
  extra: string[] = [],
): Promise<string> {
  const args = [
    "agent",
    "register",
    "--server",
    endpoint,
    "--id",
    activation.ActivationId ?? "",
    "--code",
    activation.ActivationCode ?? "",
  ];
  const { stdout } = await run(process.execPath, [bosun, ...args, "--region", "us-east-1", "--state-dir", stateDir, ...extra]);
  return /Registered as (mi-[0-9a-f]{17})/.exec(stdout)?.[1] ?? "";
}

export type AgentProcess = ChildProcess & { output: () => string };

/** Starts `bosun agent run`; its stdout and stderr are kept for the test to read. */
export function startAgentProcess(stateDir: string, env: Record<string, string> = {}): AgentProcess {
  const child = spawn(process.execPath, [bosun, "agent", "run", "--state-dir", stateDir], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let output = "";
  const keep = (chunk: unknown) => {
    output += String(chunk);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return Object.assign(child, { output: () => output });
}

/** Resolves with the exit code once the process has exited. */
export const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) =>
    // A process killed by a signal has no exit code, only a signal code.
    child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code)),
  );
