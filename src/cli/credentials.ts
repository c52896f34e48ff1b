/** @module Where the CLI's credentials come from: the environment, or a shared-credentials file (the admin's by default). */
import { readFile } from "node:fs/promises";
import { join } from "node:path";

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Reads `[profile]` of an AWS shared-credentials (INI) file. */
export function parseCredentialsFile(text: string, profile: string): Credentials | undefined {
  let section = "";
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      section = (header[1] ?? "").trim();
      continue;
    }
    const pair = /^\s*([\w]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (pair && section === profile) values[pair[1] ?? ""] = pair[2] ?? "";
  }
  const { aws_access_key_id: accessKeyId, aws_secret_access_key: secretAccessKey, aws_session_token: sessionToken } = values;
  if (!accessKeyId || !secretAccessKey) return undefined;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

export const defaultDataDir = (): string => process.env.BOSUN_DATA_DIR ?? "./.bosun";

/** Environment first (AWS_ACCESS_KEY_ID, ...), then the given file, then the data folder's admin-credentials. */
export async function resolveCredentials(options: { credentialsFile?: string; profile?: string }): Promise<Credentials> {
  const env = process.env;
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY && !options.credentialsFile) {
    return {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  }
  const path = options.credentialsFile ?? join(defaultDataDir(), "admin-credentials");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new Error(`no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --credentials-file (looked for ${path})`);
  }
  const credentials = parseCredentialsFile(text, options.profile ?? "default");
  if (!credentials) throw new Error(`no [${options.profile ?? "default"}] keys in ${path}`);
  return credentials;
}
