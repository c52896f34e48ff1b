/**
 * @module Runs a lake query in a child process of its own, so that no query can take the server down: DuckDB's
 * memory is capped (`memory_limit`, no spilling), the child's heap and resident memory are capped (it is killed past
 * them), so is the size of a result and of each value, a timeout kills it, and only a few run at once.
 */
import { fork } from "node:child_process";
import { readFile } from "node:fs/promises";
import { type LakeQuery, LakeQueryError, type LakeResult } from "./lake-query.ts";
import type { QueryAnswer, QueryRequest } from "./lake-query-process.ts";

export interface QueryLimits {
  /** DuckDB's memory limit, in MiB. */
  duckdbMemoryMiB: number;
  /** The child's resident memory, in MiB, past which it is killed (DuckDB, V8 and the result together). */
  maxRssMiB: number;
  maxResultBytes: number;
  maxCellBytes: number;
  /** Queries running at once; one more is refused (the caller retries). */
  concurrent: number;
  threads: number;
}

export const defaultQueryLimits: QueryLimits = {
  duckdbMemoryMiB: 256,
  maxRssMiB: 768,
  maxResultBytes: 16 * 1024 * 1024,
  maxCellBytes: 1024 * 1024,
  concurrent: 2,
  threads: 1,
};

// The child is this folder's lake-query-process, as .ts under tsx (tests) or .js once built.
const childModule = new URL(`./lake-query-process${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url);

let running = 0;

async function residentMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) / 1024;
}

/** Runs `query` in a child process under `limits`; throws LakeQueryError when it fails, runs out, or is refused. */
export async function queryLakeIsolated(query: LakeQuery, limits: QueryLimits = defaultQueryLimits): Promise<LakeResult> {
  if (running >= limits.concurrent)
    throw new LakeQueryError("busy", `${limits.concurrent} queries are running already; try again when one has finished.`);
  running++;
  const child = fork(childModule, {
    execArgv: [...process.execArgv.filter((a) => !a.startsWith("--max-old-space-size")), `--max-old-space-size=${limits.maxRssMiB}`],
    // The query needs nothing of the server's environment (keys, database URL).
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "ignore", "ipc"],
    serialization: "advanced",
  });
  let stopped: LakeQueryError | undefined;
  const stop = (why: LakeQueryError) => {
    stopped ??= why;
    child.kill("SIGKILL");
  };
  const timer = setTimeout(
    () => stop(new LakeQueryError("timeout", `The query ran longer than ${Math.round(query.timeoutMs / 1000)} s and was stopped.`)),
    query.timeoutMs + 2000,
  );
  const watch = setInterval(() => {
    if (child.pid === undefined) return;
    void residentMiB(child.pid).then((mib) => {
      if (mib > limits.maxRssMiB)
        stop(new LakeQueryError("resources", `The query needed more than ${limits.maxRssMiB} MiB of memory and was stopped.`));
    });
  }, 100);
  try {
    const answer = await new Promise<QueryAnswer | undefined>((resolve, reject) => {
      let answered: QueryAnswer | undefined;
      child.once("message", (message: QueryAnswer) => {
        answered = message;
      });
      child.once("error", reject);
      child.once("exit", () => resolve(answered));
      const request: QueryRequest = {
        query: { ...query, memoryLimit: `${limits.duckdbMemoryMiB}MB`, threads: limits.threads },
        maxResultBytes: limits.maxResultBytes,
        maxCellBytes: limits.maxCellBytes,
      };
      child.send(request);
    });
    if (stopped) throw stopped;
    if (!answer) throw new LakeQueryError("resources", "The query used more resources than a query may and was stopped.");
    if (!answer.ok) throw new LakeQueryError(answer.reason, answer.message);
    return JSON.parse(answer.json) as LakeResult;
  } finally {
    clearTimeout(timer);
    clearInterval(watch);
    if (child.exitCode === null) child.kill("SIGKILL");
    running--;
  }
}
