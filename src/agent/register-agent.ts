/** @module Registers this machine: a new Ed25519 key pair, the public half sent with the activation, an `mi-` id back. */

import { generateKeyPairSync } from "node:crypto";
import { managedInstanceIdPattern, type RegisterRequest, type RegisterResponse, registerPath } from "../protocol/agent/registration.ts";
import { readErrorBody } from "../protocol/errors/error-body.ts";
import { computerName } from "./platform-info.ts";
import { ensureStateDir, privateKeyPath, type Registration, readRegistration, registrationPath, writePrivateFile } from "./state-dir.ts";

export interface RegisterOptions {
  server: string;
  code: string;
  id: string;
  region: string;
  stateDir: string;
  /** Replace an existing registration (a new key and a new id). */
  force?: boolean;
}

/** The server's refusal, with the AWS exception name it sent. */
export class RegistrationRefused extends Error {
  constructor(
    readonly exception: string,
    message: string,
  ) {
    super(`${exception}: ${message}`);
  }
}

/** fetch says only "fetch failed": the reason (DNS, refused, TLS, timeout) is in its cause. */
export function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code;
  const known: Record<string, string> = {
    ENOTFOUND: "the host name does not resolve (ENOTFOUND)",
    EAI_AGAIN: "the host name could not be resolved now (EAI_AGAIN)",
    ECONNREFUSED: "nothing listens on that port (ECONNREFUSED)",
    ECONNRESET: "the connection was reset (ECONNRESET)",
    ETIMEDOUT: "the connection timed out (ETIMEDOUT)",
    EHOSTUNREACH: "the host is unreachable (EHOSTUNREACH)",
  };
  return (code && known[code]) ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

export async function registerAgent(options: RegisterOptions): Promise<Registration> {
  await ensureStateDir(options.stateDir);
  const existing = await readRegistration(options.stateDir);
  if (existing && !options.force) {
    throw new Error(
      `this machine is already registered as ${existing.InstanceId} (state in ${options.stateDir}); pass --force to register again`,
    );
  }
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const request: RegisterRequest = {
    ActivationId: options.id,
    ActivationCode: options.code,
    Region: options.region,
    PublicKey: publicKey.export({ format: "der", type: "spki" }).toString("base64"),
    PublicKeyType: "Ed25519",
    Hostname: computerName(),
  };
  const url = new URL(registerPath, options.server);
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(request),
  }).catch((error: unknown) => {
    throw new Error(`cannot reach the Bosun server at ${url.origin}: ${reasonOf(error)}`);
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const error = readErrorBody(response.status, body, response.headers.get("x-amzn-errortype"));
    throw new RegistrationRefused(error.exception, error.message);
  }
  const instanceId = String((body as Partial<RegisterResponse>).InstanceId ?? "");
  if (!managedInstanceIdPattern.test(instanceId))
    throw new Error(`the server answered with an invalid instance id: ${instanceId.slice(0, 40)}`);
  // The key is written before the registration: a registration on disk always has its key beside it.
  await writePrivateFile(privateKeyPath(options.stateDir), privateKey.export({ format: "pem", type: "pkcs8" }).toString());
  const registration: Registration = {
    InstanceId: instanceId,
    Region: options.region,
    Server: options.server,
    ActivationId: options.id,
    RegisteredAt: new Date().toISOString(),
  };
  await writePrivateFile(registrationPath(options.stateDir), `${JSON.stringify(registration, null, 2)}\n`);
  return registration;
}
