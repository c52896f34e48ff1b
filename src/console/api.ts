/** @module The console's API clients: the same SSM API the CLI and SDKs use, signed with the session's keys. */
import { SSMClient } from "@aws-sdk/client-ssm";
import type { Session } from "./session.ts";

export const regions = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"];

export function ssmClient(session: Session): SSMClient {
  return new SSMClient({ endpoint: window.location.origin, region: session.region, credentials: session.credentials, maxAttempts: 2 });
}

/** An API error as the console shows it: the exception name and the service's message. */
export function describeError(error: unknown): { title: string; message: string } {
  const e = error as { name?: string; message?: string };
  return { title: e.name ?? "Error", message: e.message ?? String(error) };
}
