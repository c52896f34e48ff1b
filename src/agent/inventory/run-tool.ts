/** @module Runs a system tool for a gatherer: its stdout, or undefined when the tool is absent or fails. */
import { execFile } from "node:child_process";

export function runTool(command: string, args: string[], timeoutMs = 30_000): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, LC_ALL: "C" } }, (error, stdout) =>
      resolve(error ? undefined : stdout),
    );
  });
}

/** An inventory value within SSM's limits (4,096 characters), without empty attributes. */
export function entry(attributes: Record<string, string | number | undefined | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === "") continue;
    out[key.slice(0, 64)] = String(value).slice(0, 4096);
  }
  return out;
}
