/** @module Runs the real AWS CLI v2 against a test server, isolated from any configuration on the machine. */
import { execFile } from "node:child_process";
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

/** `aws ssm <args>` with the server's admin keys; resolves with the parsed JSON output. */
export async function awsSsm(t: TestServer, home: string, ...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(awsPath, ["--endpoint-url", t.endpoint, "--region", "us-east-1", "--output", "json", "ssm", ...args], {
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: home,
      AWS_ACCESS_KEY_ID: t.admin.accessKeyId,
      AWS_SECRET_ACCESS_KEY: t.admin.secretAccessKey,
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      AWS_PAGER: "",
    },
  });
  return stdout.trim() === "" ? {} : (JSON.parse(stdout) as Record<string, unknown>);
}
