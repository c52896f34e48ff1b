/** @module Runs the real AWS CLI v2 against a test server, isolated from any configuration on the machine. */
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import type { TestServer } from "./test-server.ts";

const run = promisify(execFile);
export const awsPath = "/usr/bin/aws";

/** Why the CLI suites cannot run here, or undefined. CI installs the CLI, so there its absence is an error. */
export function awsCliMissing(): string | undefined {
  const missing = existsSync(awsPath) ? undefined : `${awsPath} is not installed (apt-get install awscli)`;
  if (missing && process.env.CI) throw new Error(missing);
  return missing;
}

/** The checkout's `bin/`, where Bosun's `session-manager-plugin` is. */
export const checkoutBin = new URL("../../bin", import.meta.url).pathname;

type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/**
 * The AWS CLI's environment: these keys and nothing from the machine's configuration. `withPlugin`: Bosun's
 * `session-manager-plugin` first on PATH, for `aws ssm start-session`.
 */
export function awsCliEnv(home: string, keys: Keys, options: { withPlugin?: boolean } = {}): Record<string, string> {
  const path = process.env.PATH ?? "/usr/bin:/bin";
  return {
    PATH: options.withPlugin ? `${checkoutBin}:${path}` : path,
    HOME: home,
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    ...(keys.sessionToken ? { AWS_SESSION_TOKEN: keys.sessionToken } : {}),
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_PAGER: "",
  };
}

/** `aws ssm <args>` with the server's admin keys; resolves with the parsed JSON output. */
export function awsSsm(t: TestServer, home: string, ...args: string[]): Promise<Record<string, unknown>> {
  return awsCli(t, home, t.admin, "ssm", ...args);
}

/** `aws <service> <args>` with the given keys; resolves with the parsed JSON output. */
export async function awsCli(
  t: TestServer,
  home: string,
  keys: Keys,
  service: string,
  ...args: string[]
): Promise<Record<string, unknown>> {
  const { stdout } = await run(awsPath, ["--endpoint-url", t.endpoint, "--region", "us-east-1", "--output", "json", service, ...args], {
    env: awsCliEnv(home, keys),
  });
  return stdout.trim() === "" ? {} : (JSON.parse(stdout) as Record<string, unknown>);
}

/** Runs a program to the end with the given environment, reading neither stdin nor the terminal; its output and exit code. */
export function runToEnd(
  program: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(program, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (code) => resolve({ stdout, stderr, code }));
  });
}
