/** @module Reads and writes of accounts, users, policies and access keys. */
import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { type Keyring, open, seal } from "../../core/crypto/keyring.ts";
import { type PolicyDocument, parsePolicyDocument } from "../../core/iam/policy-document.ts";
import { type Principal, userArn } from "../../core/iam/principal.ts";
import type { AnyDb } from "../../core/store/database.ts";
import { AccessKeyCache } from "./access-key-cache.ts";

type IdentityTables = {
  accounts: { account_id: string; name: string; operator: number; created_at: number };
  users: { account_id: string; user_name: string; created_at: number };
  user_policies: { account_id: string; user_name: string; policy_name: string; document: string };
  access_keys: {
    access_key_id: string;
    account_id: string;
    user_name: string;
    secret_sealed: string;
    session_token_sha256: string | null;
    expires_at: number | null;
    status: string;
    created_at: number;
  };
  login_profiles: { account_id: string; user_name: string; password_hash: string; updated_at: number };
  user_tags: { account_id: string; user_name: string; tag_key: string; tag_value: string };
};

export interface AccessKeyRow {
  accessKeyId: string;
  secretAccessKey: string;
  sessionTokenSha256?: string;
  expiresAt?: number;
  principal: Principal;
}

export interface Account {
  accountId: string;
  name: string;
  operator: boolean;
  createdAt: number;
}

const keyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** `AKIA`/`ASIA` + 16 characters, like AWS access key ids. */
export function newAccessKeyId(temporary: boolean): string {
  const bytes = randomBytes(16);
  return (temporary ? "ASIA" : "AKIA") + Array.from(bytes, (b) => keyAlphabet[b % 32]).join("");
}

export const newSecretAccessKey = (): string => randomBytes(30).toString("base64");

/** A random 12-digit account id that does not start with 0. */
export function newAccountId(): string {
  const digits = Array.from(randomBytes(12), (b) => String(b % 10));
  if (digits[0] === "0") digits[0] = "1";
  return digits.join("");
}

export class IdentityStore {
  private readonly db: Kysely<IdentityTables>;
  private readonly cache: AccessKeyCache;
  constructor(
    db: AnyDb,
    private readonly keyring: Keyring,
    cacheTtlMs = 5000,
  ) {
    this.db = db.withTables<IdentityTables>();
    this.cache = new AccessKeyCache(cacheTtlMs);
  }

  private sealSecret(accessKeyId: string, secret: string): string {
    return seal(this.keyring.key("credentials", "v1"), Buffer.from(secret), accessKeyId).toString("base64");
  }

  async createAccount(accountId: string, name: string, operator: boolean, now: number): Promise<void> {
    await this.db
      .insertInto("accounts")
      .values({ account_id: accountId, name, operator: operator ? 1 : 0, created_at: now })
      .execute();
  }

  async findAccount(accountId: string): Promise<Account | undefined> {
    const row = await this.db.selectFrom("accounts").selectAll().where("account_id", "=", accountId).executeTakeFirst();
    return row && { accountId: row.account_id, name: row.name, operator: row.operator === 1, createdAt: row.created_at };
  }

  async operatorAccount(): Promise<Account | undefined> {
    const row = await this.db.selectFrom("accounts").select("account_id").where("operator", "=", 1).executeTakeFirst();
    return row ? this.findAccount(row.account_id) : undefined;
  }

  async listAccounts(): Promise<Account[]> {
    const rows = await this.db.selectFrom("accounts").selectAll().orderBy("account_id").execute();
    return rows.map((row) => ({ accountId: row.account_id, name: row.name, operator: row.operator === 1, createdAt: row.created_at }));
  }

  async userExists(accountId: string, userName: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("users")
      .select("user_name")
      .where("account_id", "=", accountId)
      .where("user_name", "=", userName)
      .executeTakeFirst();
    return row !== undefined;
  }

  async createUser(accountId: string, userName: string, now: number): Promise<void> {
    await this.db.insertInto("users").values({ account_id: accountId, user_name: userName, created_at: now }).execute();
  }

  async putUserPolicy(accountId: string, userName: string, policyName: string, document: string): Promise<void> {
    await this.db
      .insertInto("user_policies")
      .values({ account_id: accountId, user_name: userName, policy_name: policyName, document })
      .onConflict((oc) => oc.columns(["account_id", "user_name", "policy_name"]).doUpdateSet({ document }))
      .execute();
    this.cache.clear();
  }

  /** The account's users in name order, with when each was made. */
  async listUsers(accountId: string): Promise<{ user_name: string; created_at: number }[]> {
    return this.db
      .selectFrom("users")
      .select(["user_name", "created_at"])
      .where("account_id", "=", accountId)
      .orderBy("user_name")
      .execute();
  }

  async getUser(accountId: string, userName: string): Promise<{ user_name: string; created_at: number } | undefined> {
    return this.db
      .selectFrom("users")
      .select(["user_name", "created_at"])
      .where("account_id", "=", accountId)
      .where("user_name", "=", userName)
      .executeTakeFirst();
  }

  /** What still belongs to a user (IAM refuses to delete a user that holds any of it). */
  async userAttachments(accountId: string, userName: string): Promise<{ keys: number; policies: number; loginProfile: boolean }> {
    const [keys, policies, login] = await Promise.all([
      this.countAccessKeys(accountId, userName),
      this.listUserPolicies(accountId, userName),
      this.passwordHash(accountId, userName),
    ]);
    return { keys, policies: policies.length, loginProfile: login !== undefined };
  }

  /** Deletes a user that holds nothing any more, and its temporary keys; true when it existed. */
  async deleteUser(accountId: string, userName: string): Promise<boolean> {
    const deleted = await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom("access_keys").where("account_id", "=", accountId).where("user_name", "=", userName).execute();
      const result = await trx.deleteFrom("users").where("account_id", "=", accountId).where("user_name", "=", userName).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
    this.cache.clear();
    return deleted;
  }

  async deleteLoginProfile(accountId: string, userName: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("login_profiles")
      .where("account_id", "=", accountId)
      .where("user_name", "=", userName)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** The user's long-term keys (temporary ones are STS's), oldest first. */
  async listAccessKeys(accountId: string, userName: string): Promise<{ access_key_id: string; status: string; created_at: number }[]> {
    return this.db
      .selectFrom("access_keys")
      .select(["access_key_id", "status", "created_at"])
      .where("account_id", "=", accountId)
      .where("user_name", "=", userName)
      .where("session_token_sha256", "is", null)
      .orderBy("created_at")
      .execute();
  }

  /** Active or Inactive; an inactive key signs nothing. True when the key is the user's. */
  async setAccessKeyStatus(accountId: string, userName: string, accessKeyId: string, status: "Active" | "Inactive"): Promise<boolean> {
    const result = await this.db
      .updateTable("access_keys")
      .set({ status })
      .where("access_key_id", "=", accessKeyId)
      .where("account_id", "=", accountId)
      .where("user_name", "=", userName)
      .where("session_token_sha256", "is", null)
      .executeTakeFirst();
    this.cache.clear();
    return Number(result.numUpdatedRows) > 0;
  }

  async listUserPolicies(accountId: string, userName: string): Promise<{ policy_name: string; document: string }[]> {
    return this.db
      .selectFrom("user_policies")
      .select(["policy_name", "document"])
      .where("account_id", "=", accountId)
      .where("user_name", "=", userName)
      .orderBy("policy_name")
      .execute();
  }

  /** A user's tags, in key order. */
  async listUserTags(accountId: string, userName: string): Promise<{ Key: string; Value: string }[]> {
    const rows = await this.db
      .selectFrom("user_tags")
      .select(["tag_key", "tag_value"])
      .where("account_id", "=", accountId)
      .where("user_name", "=", userName)
      .orderBy("tag_key")
      .execute();
    return rows.map((row) => ({ Key: row.tag_key, Value: row.tag_value }));
  }

  /** Adds or replaces tags; refused (false) when the user would then have more than `max`. */
  async tagUser(accountId: string, userName: string, tags: readonly { Key: string; Value: string }[], max: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom("user_tags")
        .select("tag_key")
        .where("account_id", "=", accountId)
        .where("user_name", "=", userName)
        .execute();
      const keys = new Set([...existing.map((row) => row.tag_key), ...tags.map((tag) => tag.Key)]);
      if (keys.size > max) return false;
      for (const tag of tags)
        await trx
          .insertInto("user_tags")
          .values({ account_id: accountId, user_name: userName, tag_key: tag.Key, tag_value: tag.Value })
          .onConflict((oc) => oc.columns(["account_id", "user_name", "tag_key"]).doUpdateSet({ tag_value: tag.Value }))
          .execute();
      return true;
    });
  }

  async untagUser(accountId: string, userName: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db
      .deleteFrom("user_tags")
      .where("account_id", "=", accountId)
      .where("user_name", "=", userName)
      .where("tag_key", "in", [...keys])
      .execute();
  }

  async deleteUserPolicy(accountId: string, userName: string, policyName: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("user_policies")
      .where("account_id", "=", accountId)
      .where("user_name", "=", userName)
      .where("policy_name", "=", policyName)
      .executeTakeFirst();
    this.cache.clear();
    return Number(result.numDeletedRows) > 0;
  }

  async countAccessKeys(accountId: string, userName: string): Promise<number> {
    const row = await this.db
      .selectFrom("access_keys")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("account_id", "=", accountId)
      .where("user_name", "=", userName)
      .where("session_token_sha256", "is", null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async putLoginProfile(accountId: string, userName: string, passwordHash: string, now: number): Promise<void> {
    await this.db
      .insertInto("login_profiles")
      .values({ account_id: accountId, user_name: userName, password_hash: passwordHash, updated_at: now })
      .onConflict((oc) => oc.columns(["account_id", "user_name"]).doUpdateSet({ password_hash: passwordHash, updated_at: now }))
      .execute();
  }

  async passwordHash(accountId: string, userName: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom("login_profiles")
      .select("password_hash")
      .where("account_id", "=", accountId)
      .where("user_name", "=", userName)
      .executeTakeFirst();
    return row?.password_hash;
  }

  /** Temporary credentials for a user, as STS issues them: only the session token's hash is kept. */
  async issueSessionCredentials(accountId: string, userName: string, durationMs: number, now: number) {
    const accessKeyId = newAccessKeyId(true);
    const secretAccessKey = newSecretAccessKey();
    const sessionToken = randomBytes(96).toString("base64");
    const expiresAt = now + durationMs;
    await this.putAccessKey({
      accessKeyId,
      secretAccessKey,
      accountId,
      userName,
      sessionTokenSha256: createHash("sha256").update(sessionToken).digest("hex"),
      expiresAt,
      now,
    });
    return { AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey, SessionToken: sessionToken, Expiration: expiresAt / 1000 };
  }

  /** Stores a key; `secret` is sealed before it reaches the database. */
  async putAccessKey(key: {
    accessKeyId: string;
    secretAccessKey: string;
    accountId: string;
    userName: string;
    sessionTokenSha256?: string;
    expiresAt?: number;
    now: number;
  }): Promise<void> {
    const sealed = this.sealSecret(key.accessKeyId, key.secretAccessKey);
    await this.db
      .insertInto("access_keys")
      .values({
        access_key_id: key.accessKeyId,
        account_id: key.accountId,
        user_name: key.userName,
        secret_sealed: sealed,
        session_token_sha256: key.sessionTokenSha256 ?? null,
        expires_at: key.expiresAt ?? null,
        status: "Active",
        created_at: key.now,
      })
      .onConflict((oc) => oc.column("access_key_id").doUpdateSet({ secret_sealed: sealed, status: "Active" }))
      .execute();
    this.cache.clear();
  }

  async deleteAccessKey(accountId: string, userName: string, accessKeyId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("access_keys")
      .where("access_key_id", "=", accessKeyId)
      .where("account_id", "=", accountId)
      .where("user_name", "=", userName)
      .executeTakeFirst();
    this.cache.clear();
    return Number(result.numDeletedRows) > 0;
  }

  /** Removes temporary keys that expired more than a day ago. */
  async purgeExpiredKeys(now: number): Promise<void> {
    await this.db
      .deleteFrom("access_keys")
      .where("expires_at", "<", now - 86_400_000)
      .execute();
  }

  /** The key, its opened secret and its principal; undefined when unknown or inactive. Cached briefly. */
  findAccessKey(accessKeyId: string): Promise<AccessKeyRow | undefined> {
    return this.cache.get(accessKeyId, (id) => this.loadAccessKey(id));
  }

  private async loadAccessKey(accessKeyId: string): Promise<AccessKeyRow | undefined> {
    const row = await this.db
      .selectFrom("access_keys")
      .innerJoin("accounts", "accounts.account_id", "access_keys.account_id")
      .select([
        "access_key_id",
        "access_keys.account_id",
        "user_name",
        "secret_sealed",
        "session_token_sha256",
        "expires_at",
        "status",
        "operator",
      ])
      .where("access_key_id", "=", accessKeyId)
      .executeTakeFirst();
    if (row?.status !== "Active") return undefined;
    const policies = await this.db
      .selectFrom("user_policies")
      .select("document")
      .where("account_id", "=", row.account_id)
      .where("user_name", "=", row.user_name)
      .execute();
    const documents = policies.map((p) => parsePolicyDocument(p.document)).filter((p): p is PolicyDocument => p !== undefined);
    const secret = open(this.keyring.key("credentials", "v1"), Buffer.from(row.secret_sealed, "base64"), row.access_key_id).toString();
    return {
      accessKeyId: row.access_key_id,
      secretAccessKey: secret,
      ...(row.session_token_sha256 ? { sessionTokenSha256: row.session_token_sha256 } : {}),
      ...(row.expires_at !== null ? { expiresAt: row.expires_at } : {}),
      principal: {
        accountId: row.account_id,
        userName: row.user_name,
        arn: userArn(row.account_id, row.user_name),
        policies: documents,
        // Only the bootstrap administrator of the operator account acts across accounts.
        operator: row.operator === 1 && row.user_name === "admin",
        temporary: row.session_token_sha256 !== null,
      },
    };
  }
}
