/** @module Options every API command takes: endpoint, region, credentials. */
import type { Command } from "commander";
import type { ApiClient } from "../api-client.ts";

export interface ApiOptions {
  endpoint: string;
  region: string;
  credentialsFile?: string;
  profile?: string;
}

export const defaultEndpoint = (): string => process.env.BOSUN_ENDPOINT ?? "http://127.0.0.1:4601";

export function withApiOptions(command: Command): Command {
  return command
    .option("--endpoint <url>", "Bosun server URL (BOSUN_ENDPOINT)", defaultEndpoint())
    .option("--region <region>", "region (AWS_REGION)", process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1")
    .option("--credentials-file <path>", "shared-credentials file (default: the data folder's admin-credentials)")
    .option("--profile <name>", "profile in the credentials file (AWS_PROFILE; default: default)");
}

/** Loaded on use, so commands that never call the API (the agent's) do not carry the SigV4 signer. */
export async function apiClient(options: ApiOptions): Promise<ApiClient> {
  const [{ ApiClient }, { resolveCredentials }] = await Promise.all([import("../api-client.ts"), import("../credentials.ts")]);
  const credentials = await resolveCredentials({
    ...(options.credentialsFile ? { credentialsFile: options.credentialsFile } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
  });
  return new ApiClient({ endpoint: options.endpoint, region: options.region, credentials });
}
