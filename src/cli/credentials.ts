/** @module Where the CLI's credentials come from: the AWS SDK's chain (environment, shared file, profile), then Bosun's default. */
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
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

/** Where one link of the chain looked, for the error when none had keys. */
interface Link {
  what: string;
  find(): Promise<Credentials | undefined>;
}

async function fromFile(path: string, profile: string): Promise<Credentials | undefined> {
  const text = await readFile(path, "utf8").catch(() => undefined);
  return text === undefined ? undefined : parseCredentialsFile(text, profile);
}

/**
 * The CLI's credential chain, as the AWS SDK's with Bosun's default before the home folder's file:
 * 1. `--credentials-file` / `--profile` given on the command line;
 * 2. `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`);
 * 3. `AWS_SHARED_CREDENTIALS_FILE`, profile `AWS_PROFILE` (or `default`);
 * 4. `AWS_PROFILE` in `~/.aws/credentials`;
 * 5. the data folder's `admin-credentials` (what `npm start` wrote);
 * 6. `[default]` of `~/.aws/credentials`.
 * The home folder's default profile comes last because on most machines it holds keys for AWS, not for Bosun.
 */
export async function resolveCredentials(
  options: { credentialsFile?: string; profile?: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<Credentials> {
  const profile = options.profile ?? env.AWS_PROFILE ?? "default";
  const home = join(env.HOME ?? homedir(), ".aws", "credentials");
  const chain: Link[] = [];
  if (options.credentialsFile || options.profile) {
    const path = options.credentialsFile ?? env.AWS_SHARED_CREDENTIALS_FILE ?? home;
    chain.push({ what: `[${profile}] of ${path} (from the command line)`, find: () => fromFile(path, profile) });
  } else {
    chain.push({
      what: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
      find: async () =>
        env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
          ? {
              accessKeyId: env.AWS_ACCESS_KEY_ID,
              secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
              ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
            }
          : undefined,
    });
    const shared = env.AWS_SHARED_CREDENTIALS_FILE;
    if (shared) chain.push({ what: `[${profile}] of ${shared} (AWS_SHARED_CREDENTIALS_FILE)`, find: () => fromFile(shared, profile) });
    else if (env.AWS_PROFILE) chain.push({ what: `[${profile}] of ${home} (AWS_PROFILE)`, find: () => fromFile(home, profile) });
    if (!shared && !env.AWS_PROFILE) {
      const admin = join(env.BOSUN_DATA_DIR ?? "./.bosun", "admin-credentials");
      chain.push({ what: `[default] of ${admin} (the data folder's)`, find: () => fromFile(admin, "default") });
      chain.push({ what: `[default] of ${home}`, find: () => fromFile(home, "default") });
    }
  }
  for (const link of chain) {
    const found = await link.find();
    if (found) return found;
  }
  throw new Error(`no credentials: looked for ${chain.map((l) => l.what).join(", then ")}`);
}
