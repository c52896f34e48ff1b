/**
 * @module Runs one step of a command: a script file run by sh (or pwsh) in its own process group, stdout and stderr
 * written whole to files in the invocation's folder with the head kept for the API, the process tree killed on
 * timeout or cancel.
 */
import { spawn } from "node:child_process";
import { constants, createWriteStream } from "node:fs";
import { access, mkdir, writeFile } from "node:fs/promises";
import { delimiter, join } from "node:path";
import type { StepResult, WorkStep } from "../protocol/agent/channel.ts";
import { diesWithAgent, recordProcessGroup } from "./step-processes.ts";

/** The exit code reported when a step was stopped at its execution timeout (as coreutils `timeout` does). */
export const timedOutResponseCode = 124;
const headLimits = { stdout: 24_000, stderr: 8_000 };

export interface StepContext {
  /** The agent's state folder (custom inventory lives under it). */
  stateDir: string;
  /** The invocation's own folder; each step gets a sub-folder with its script and output files. */
  dir: string;
  index: number;
  env: Record<string, string>;
  platformType: string;
  signal: AbortSignal;
}

export const outputPath = (dir: string, index: number, stream: "stdout" | "stderr"): string => join(dir, String(index), stream);
/** Where an inventory step leaves what it gathered, for the report that sends it. */
export const inventoryPath = (dir: string, index: number): string => join(dir, String(index), "inventory.json");

/** aws:softwareInventory: gathers (loaded only when a node runs it), keeps the items for the report, prints a summary. */
async function runInventoryStep(step: WorkStep, context: StepContext): Promise<StepResult> {
  return runInProcessStep(step, context, async () => {
    const { gatherInventory } = await import("./inventory/gather.ts");
    const gathered = await gatherInventory(step.inputs ?? {}, context.stateDir);
    await writeFile(inventoryPath(context.dir, context.index), JSON.stringify(gathered.items), { mode: 0o600 });
    return gathered.report;
  });
}

/** A plugin the agent runs itself: its lines are the step's output, an error its stderr and a failed step. */
async function runInProcessStep(step: WorkStep, context: StepContext, work: () => Promise<string[]>): Promise<StepResult> {
  const startedAt = Date.now();
  await mkdir(join(context.dir, String(context.index)), { recursive: true, mode: 0o700 });
  let stdout = "";
  let stderr = "";
  let code = 0;
  try {
    stdout = `${(await work()).join("\n")}\n`;
  } catch (error) {
    stderr = `${error instanceof Error ? error.message : String(error)}\n`;
    code = 1;
  }
  await writeFile(outputPath(context.dir, context.index, "stdout"), stdout, { mode: 0o600 });
  await writeFile(outputPath(context.dir, context.index, "stderr"), stderr, { mode: 0o600 });
  return {
    name: step.name,
    action: step.action,
    status: code === 0 ? "Success" : "Failed",
    statusDetails: code === 0 ? "Success" : "Failed",
    responseCode: code,
    startedAt,
    endedAt: Date.now(),
    stdout,
    stderr,
    stdoutBytes: Buffer.byteLength(stdout),
    stderrBytes: Buffer.byteLength(stderr),
  };
}

/** Where a patch step leaves its report, for the work runner to send. */
export const patchReportPath = (dir: string, index: number): string => join(dir, String(index), "patch.json");

/**
 * aws:runPatchBaseline: patches through the node's package manager (loaded only when a node runs it), keeps the report,
 * prints what it did. A restart a package asks for (RebootIfNeeded) is scheduled a minute out, after the report.
 */
async function runPatchStep(step: WorkStep, context: StepContext): Promise<StepResult> {
  return runInProcessStep(step, context, async () => {
    const { runPatchBaseline } = await import("./patching/run-patch-baseline.ts");
    const run = await runPatchBaseline(step.inputs ?? {}, { ...process.env, LANG: "C" }, Date.now);
    await writeFile(patchReportPath(context.dir, context.index), JSON.stringify(run.report), { mode: 0o600 });
    if (run.reboot) {
      const command = process.env.BOSUN_AGENT_REBOOT_COMMAND || "shutdown -r +1";
      spawn("/bin/sh", ["-c", command], { detached: true, stdio: "ignore" }).unref();
    }
    return run.lines;
  });
}

async function onPath(command: string): Promise<string | undefined> {
  for (const folder of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(folder, command);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

/** Keeps the first `limit` characters of a stream (decoded as UTF-8) and counts every byte. */
class Head {
  private chunks: Buffer[] = [];
  private kept = 0;
  bytes = 0;
  constructor(private readonly limit: number) {}
  add(chunk: Buffer): void {
    this.bytes += chunk.length;
    // Four bytes per character at most: enough bytes for `limit` characters.
    if (this.kept < this.limit * 4) {
      this.chunks.push(chunk.subarray(0, this.limit * 4 - this.kept));
      this.kept += Math.min(chunk.length, this.limit * 4 - this.kept);
    }
  }
  text(): string {
    return Buffer.concat(this.chunks).toString("utf8").slice(0, this.limit);
  }
}

function skipped(step: WorkStep, details: string, status: StepResult["status"]): StepResult {
  return {
    name: step.name,
    action: step.action,
    status,
    statusDetails: details,
    responseCode: -1,
    stdout: "",
    stderr: "",
    stdoutBytes: 0,
    stderrBytes: 0,
  };
}

/**
 * What a step inherits from the agent: what a login shell of the agent's user would have, never the agent's own
 * settings (keys, endpoints, tokens), as the SSM agent runs steps under its service's small environment.
 */
const inheritedVariables = ["PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR"];

export function stepEnvironment(agent: NodeJS.ProcessEnv, own: Record<string, string>): Record<string, string> {
  const environment: Record<string, string> = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" };
  for (const name of inheritedVariables) {
    const value = agent[name];
    if (value !== undefined) environment[name] = value;
  }
  return { ...environment, ...own };
}

export async function runStep(step: WorkStep, context: StepContext): Promise<StepResult> {
  if (step.platformType && step.platformType !== context.platformType) return skipped(step, "Skipped", "Skipped");
  if (step.action === "aws:softwareInventory") return runInventoryStep(step, context);
  if (step.action === "aws:runPatchBaseline") return runPatchStep(step, context);
  const powershell = step.action === "aws:runPowerShellScript";
  const interpreter = powershell ? await onPath("pwsh") : "/bin/sh";
  if (!interpreter) {
    const result = skipped(step, "Invalid Platform", "Failed");
    result.stderr = "pwsh (PowerShell) is not installed on this node.";
    return result;
  }
  const stepDir = join(context.dir, String(context.index));
  await mkdir(stepDir, { recursive: true, mode: 0o700 });
  const script = join(stepDir, powershell ? "script.ps1" : "script.sh");
  await writeFile(script, `${step.runCommand.join("\n")}\n`, { mode: 0o700 });
  const cwd = step.workingDirectory || stepDir;
  const args = powershell ? ["-NoProfile", "-NonInteractive", "-File", script] : [script];

  const launch = await diesWithAgent(interpreter, args);
  const startedAt = Date.now();
  const heads = { stdout: new Head(headLimits.stdout), stderr: new Head(headLimits.stderr) };
  const files = {
    stdout: createWriteStream(outputPath(context.dir, context.index, "stdout"), { mode: 0o600 }),
    stderr: createWriteStream(outputPath(context.dir, context.index, "stderr"), { mode: 0o600 }),
  };
  let stoppedBy: "timeout" | "cancel" | undefined;
  const outcome = await new Promise<{ code: number | null; error?: string }>((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      // Its own process group, so a timeout or cancel stops everything the script started.
      child = spawn(launch.command, launch.args, {
        cwd,
        env: stepEnvironment(process.env, { ...step.environment, ...context.env }),
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (error) {
      resolve({ code: null, error: String(error) });
      return;
    }
    const stopTree = (why: "timeout" | "cancel") => {
      stoppedBy ??= why;
      const group = child.pid;
      if (group === undefined) return;
      try {
        process.kill(-group, "SIGTERM");
      } catch {}
      setTimeout(() => {
        try {
          process.kill(-group, "SIGKILL");
        } catch {}
      }, 2_000).unref();
    };
    if (child.pid !== undefined) void recordProcessGroup(stepDir, child.pid);
    const timer = setTimeout(() => stopTree("timeout"), step.timeoutSeconds * 1000);
    const onAbort = () => stopTree("cancel");
    context.signal.addEventListener("abort", onAbort, { once: true });
    for (const stream of ["stdout", "stderr"] as const) {
      const pipe = child[stream];
      pipe?.on("data", (chunk: Buffer) => heads[stream].add(chunk));
      pipe?.pipe(files[stream]);
    }
    let exitCode: number | null = null;
    child.on("error", (error) => resolve({ code: null, error: error.message }));
    child.on("exit", (code) => {
      exitCode = code;
      clearTimeout(timer);
      // A background process the script left behind may hold the pipes open: stop waiting for them after a moment.
      setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
      }, 2_000).unref();
    });
    child.on("close", () => {
      clearTimeout(timer);
      context.signal.removeEventListener("abort", onAbort);
      resolve({ code: exitCode });
    });
  });
  await Promise.all(Object.values(files).map((f) => new Promise((resolve) => f.end(resolve))));
  if (outcome.error) heads.stderr.add(Buffer.from(`failed to start ${interpreter}: ${outcome.error}\n`));
  const endedAt = Date.now();
  const base = {
    name: step.name,
    action: step.action,
    startedAt,
    endedAt,
    stdout: heads.stdout.text(),
    stderr: heads.stderr.text(),
    stdoutBytes: heads.stdout.bytes,
    stderrBytes: heads.stderr.bytes,
  };
  if (stoppedBy === "cancel") return { ...base, status: "Cancelled", statusDetails: "Cancelled", responseCode: outcome.code ?? -1 };
  if (stoppedBy === "timeout")
    return { ...base, status: "TimedOut", statusDetails: "Execution Timed Out", responseCode: timedOutResponseCode };
  const code = outcome.code ?? -1;
  return { ...base, status: code === 0 ? "Success" : "Failed", statusDetails: code === 0 ? "Success" : "Failed", responseCode: code };
}
