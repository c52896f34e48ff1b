/** @module Runs wrk over a fixed list of raw requests (a Lua script) and reads its throughput and latency percentiles. */
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface WrkResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
}

const luaString = (text: string): string => `[==[${text}]==]`;

/** A Lua script that cycles through `requests`, preformatted once per wrk thread. */
export function luaScript(requests: RawRequest[]): string {
  const entries = requests.map((r) => {
    const headers = Object.entries(r.headers)
      .filter(([name]) => name.toLowerCase() !== "host")
      .map(([name, value]) => `[ ${luaString(name)} ] = ${luaString(value)}`)
      .join(",");
    return `wrk.format(${luaString(r.method)}, ${luaString(r.path)}, {${headers}}, ${luaString(r.body)})`;
  });
  return [
    "local requests = {}",
    "local index = 0",
    "init = function(args)",
    ...entries.map((e) => `  requests[#requests + 1] = ${e}`),
    "end",
    "request = function()",
    "  index = index % #requests + 1",
    "  return requests[index]",
    "end",
    "",
  ].join("\n");
}

function toMs(value: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(value.trim());
  if (!m) return Number.NaN;
  const n = Number(m[1]);
  return m[2] === "us" ? n / 1000 : m[2] === "s" ? n * 1000 : n;
}

/** Runs wrk against `url` with the requests; fails when any answer was not 2xx. */
export async function runWrk(
  url: string,
  requests: RawRequest[],
  options: { connections: number; seconds: number; threads: number; scriptPath: string },
): Promise<WrkResult> {
  await writeFile(options.scriptPath, luaScript(requests));
  const { stdout, stderr } = await run(
    "wrk",
    [`-t${options.threads}`, `-c${options.connections}`, `-d${options.seconds}s`, "--latency", "-s", options.scriptPath, url],
    {
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  if (stderr.trim() !== "") throw new Error(`wrk: ${stderr.trim()}`);
  const number = (pattern: RegExp) => Number(pattern.exec(stdout)?.[1] ?? Number.NaN);
  const non2xx = number(/Non-2xx or 3xx responses:\s+(\d+)/);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const errors = (Number.isNaN(non2xx) ? 0 : non2xx) + (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0);
  return {
    requestsPerSecond: number(/Requests\/sec:\s+([\d.]+)/),
    p50Ms: toMs(/\n\s+50%\s+(\S+)/.exec(stdout)?.[1] ?? ""),
    p99Ms: toMs(/\n\s+99%\s+(\S+)/.exec(stdout)?.[1] ?? ""),
    requests: number(/(\d+) requests in/),
    errors,
  };
}
