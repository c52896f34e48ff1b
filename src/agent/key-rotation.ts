/**
 * @module Key rotation: a new Ed25519 key is written beside the current one, proven to the server over the session's
 * nonce, and becomes the current key only after the server confirms. The server keeps accepting the old key for a
 * grace window, so an agent that crashes in between still connects and finishes the rotation.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { readFile, rename, stat } from "node:fs/promises";
import { type AgentMessage, rotationSigningText } from "../protocol/agent/channel.ts";
import { nextPrivateKeyPath, privateKeyPath, writePrivateFile } from "./state-dir.ts";

export const defaultKeyMaxAgeMs = 30 * 86_400_000;

/** True when the current key is older than `maxAgeMs`, or a rotation was left unfinished. */
export async function rotationDue(stateDir: string, maxAgeMs: number, now = Date.now()): Promise<boolean> {
  try {
    await stat(nextPrivateKeyPath(stateDir));
    return true;
  } catch {
    return now - (await stat(privateKeyPath(stateDir))).mtimeMs > maxAgeMs;
  }
}

/** The pending key (made now, or left by an interrupted rotation) and the rotate-key message that proves it. */
export async function prepareRotation(
  stateDir: string,
  nonce: string,
  instanceId: string,
): Promise<{ key: KeyObject; message: AgentMessage }> {
  let key: KeyObject;
  try {
    key = createPrivateKey(await readFile(nextPrivateKeyPath(stateDir), "utf8"));
  } catch {
    key = generateKeyPairSync("ed25519").privateKey;
    await writePrivateFile(nextPrivateKeyPath(stateDir), key.export({ format: "pem", type: "pkcs8" }).toString());
  }
  const publicKey = createPublicKey(key).export({ format: "der", type: "spki" }).toString("base64");
  const proof = sign(null, Buffer.from(rotationSigningText(nonce, instanceId)), key).toString("base64");
  return { key, message: { type: "rotate-key", publicKey, proof } };
}

/** The server has the new key: it becomes the current one. */
export async function completeRotation(stateDir: string): Promise<void> {
  await rename(nextPrivateKeyPath(stateDir), privateKeyPath(stateDir));
}
