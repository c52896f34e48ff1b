/** @module Benchmark helpers for nodes: registering one through the real registration endpoint, and a process's peak RSS. */
import { generateKeyPairSync } from "node:crypto";
import { readFile } from "node:fs/promises";
import { registerPath } from "../../src/protocol/agent/registration.ts";

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
