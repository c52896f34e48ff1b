/** @module Benchmark helpers for nodes: registering one (through the endpoint, or a real agent), and a process's peak RSS. */
import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { registerPath } from "../../src/protocol/agent/registration.ts";
import { startProcess } from "./processes.ts";

const bosunBin = new URL("../../bin/bosun", import.meta.url).pathname;

/** Registers a node with a fresh Ed25519 key; returns its id and private key (PEM) for agents that connect. */
export async function registerNode(
  endpoint: string,
  activation: { ActivationId: string; ActivationCode: string },
): Promise<{ id: string; key: string }> {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const response = await fetch(new URL(registerPath, endpoint), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      ...activation,
      Region: "us-east-1",
      PublicKey: publicKey.export({ format: "der", type: "spki" }).toString("base64"),
      PublicKeyType: "Ed25519",
    }),
  });
  if (!response.ok) throw new Error(`registration failed: ${response.status} ${await response.text()}`);
  const { InstanceId } = (await response.json()) as { InstanceId: string };
  return { id: InstanceId, key: privateKey.export({ format: "pem", type: "pkcs8" }).toString() };
}

/** A process's peak resident memory (VmHWM), in MB. */
export async function peakRssMb(pid: number): Promise<number> {
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(await readFile(`/proc/${pid}/status`, "utf8"))?.[1] ?? Number.NaN) / 1024;
}

/**
 * Registers a real agent with `bosun agent register` in `stateDir` and starts `bosun agent run`; resolves once it is
 * connected, with its node id and process.
 */
export async function startRealAgent(
  endpoint: string,
  activation: { ActivationId: string; ActivationCode: string },
  stateDir: string,
): Promise<{ id: string; agent: Awaited<ReturnType<typeof startProcess>> }> {
  await promisify(execFile)(process.execPath, [
    bosunBin,
    "agent",
    "register",
    "--server",
    endpoint,
    "--id",
    activation.ActivationId,
    "--code",
    activation.ActivationCode,
    "--region",
    "us-east-1",
    "--state-dir",
    stateDir,
  ]);
  const agent = await startProcess(
    process.execPath,
    // BENCH_AGENT_NODE_ARGS: flags for the agent's Node (e.g. `--cpu-prof --cpu-prof-dir=…` to see where its time goes).
    [...(process.env.BENCH_AGENT_NODE_ARGS?.split(" ").filter(Boolean) ?? []), bosunBin, "agent", "run", "--state-dir", stateDir],
    { PATH: process.env.PATH ?? "" },
    /"msg":"connected"/,
  );
  return { id: /"instanceId":"(mi-[0-9a-f]{17})"/.exec(agent.output())?.[1] ?? "", agent };
}
