/** @module Starts `bin/bosun server` for a benchmark or a harness, with root keys from the environment and quiet logs. */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { startProcess } from "./processes.ts";

export interface BenchServer {
  endpoint: string;
  pid: number;
  keys: { accessKeyId: string; secretAccessKey: string };
  child: ChildProcess;
}

/**
 * Starts a server on `<work>/bosun`. A harness that kills it and starts it again gives the same `port` and `keys`,
 * so agents and clients find it where it was.
 */
export async function startBosunServer(
  work: string,
  env: Record<string, string> = {},
  options: { port?: number; keys?: BenchServer["keys"] } = {},
): Promise<BenchServer> {
  const keys = options.keys ?? {
    accessKeyId: `AKIABENCH${randomBytes(6).toString("hex").toUpperCase().slice(0, 11)}`,
    secretAccessKey: randomBytes(30).toString("base64"),
  };
  const server = await startProcess(
    process.execPath,
    // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server of a benchmark run.
    [
      ...(process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
      new URL("../../bin/bosun", import.meta.url).pathname,
      "server",
      "--port",
      String(options.port ?? 0),
      "--data-dir",
      join(work, "bosun"),
    ],
    {
      PATH: process.env.PATH ?? "",
      BOSUN_ROOT_ACCESS_KEY_ID: keys.accessKeyId,
      BOSUN_ROOT_SECRET_ACCESS_KEY: keys.secretAccessKey,
      BOSUN_LOG_LEVEL: "warn",
      ...env,
    },
    /Bosun is listening on (\S+)/,
    // A server started again after a kill on a busy machine may take a while.
    120_000,
  );
  return {
    endpoint: /Bosun is listening on (\S+)/.exec(server.output())?.[1] ?? "",
    keys,
    pid: server.child.pid ?? 0,
    child: server.child,
  };
}
