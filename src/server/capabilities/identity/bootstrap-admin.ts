/** @module First start: the operator account and its `admin`, whose keys come from the environment or a 0600 file. */
import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { administratorPolicy } from "../../core/iam/policy-document.ts";
import type { Logger } from "../../core/log.ts";
import { type IdentityStore, newAccessKeyId, newAccountId, newSecretAccessKey } from "./identity-store.ts";

export const adminCredentialsFile = "admin-credentials";

export interface BootstrapResult {
  accountId: string;
  /** Where the generated keys were written, when they were generated on this start. */
  credentialsPath: string;
  keysFrom: "environment" | "file";
}

export interface RootKeys {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The shared-credentials (INI) text the AWS CLI reads with AWS_SHARED_CREDENTIALS_FILE. */
export function credentialsFileText(accountId: string, keys: RootKeys): string {
  return [
    `# Bosun operator administrator (account ${accountId}). Keep this file private.`,
    "[default]",
    `aws_access_key_id = ${keys.accessKeyId}`,
    `aws_secret_access_key = ${keys.secretAccessKey}`,
    "",
  ].join("\n");
}

/**
 * Makes sure the operator account and its administrator exist. Keys given in the environment (as MinIO's root user)
 * are installed on every start; otherwise a key is generated once and written to `<dataDir>/admin-credentials`.
 */
export async function bootstrapAdmin(
  store: IdentityStore,
  dataDir: string,
  rootKeys: RootKeys | undefined,
  log: Logger,
  now: number,
): Promise<BootstrapResult> {
  let account = await store.operatorAccount();
  if (!account) {
    const accountId = newAccountId();
    await store.createAccount(accountId, "operator", true, now);
    await store.createUser(accountId, "admin", now);
    await store.putUserPolicy(accountId, "admin", "AdministratorAccess", JSON.stringify(administratorPolicy));
    account = { accountId, name: "operator", operator: true, createdAt: now };
    log.info({ accountId }, "created the operator account");
  }
  const credentialsPath = join(dataDir, adminCredentialsFile);
  if (rootKeys) {
    await store.putAccessKey({ ...rootKeys, accountId: account.accountId, userName: "admin", now });
    return { accountId: account.accountId, credentialsPath, keysFrom: "environment" };
  }
  if ((await store.countAccessKeys(account.accountId, "admin")) === 0) {
    const keys = { accessKeyId: newAccessKeyId(false), secretAccessKey: newSecretAccessKey() };
    await store.putAccessKey({ ...keys, accountId: account.accountId, userName: "admin", now });
    await writeFile(credentialsPath, credentialsFileText(account.accountId, keys), { mode: 0o600 });
    await chmod(credentialsPath, 0o600);
  }
  return { accountId: account.accountId, credentialsPath, keysFrom: "file" };
}
