/** @module The identity capability's tables: accounts, users, their policies, tags and access keys. */
import type { Kysely, Migration } from "kysely";

export const identityMigrations: Record<string, Migration> = {
  "identity-001-accounts-users-keys": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("accounts")
        .addColumn("account_id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("operator", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("users")
        .addColumn("account_id", "text", (c) => c.notNull().references("accounts.account_id"))
        .addColumn("user_name", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("users_pk", ["account_id", "user_name"])
        .execute();
      await db.schema
        .createTable("user_policies")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("user_name", "text", (c) => c.notNull())
        .addColumn("policy_name", "text", (c) => c.notNull())
        .addColumn("document", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("user_policies_pk", ["account_id", "user_name", "policy_name"])
        .addForeignKeyConstraint("user_policies_user", ["account_id", "user_name"], "users", ["account_id", "user_name"], (c) =>
          c.onDelete("cascade"),
        )
        .execute();
      await db.schema
        .createTable("access_keys")
        .addColumn("access_key_id", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("user_name", "text", (c) => c.notNull())
        // The secret is stored sealed with a key derived from the master key, bound to the access key id.
        .addColumn("secret_sealed", "text", (c) => c.notNull())
        .addColumn("session_token_sha256", "text")
        .addColumn("expires_at", "bigint")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addForeignKeyConstraint("access_keys_user", ["account_id", "user_name"], "users", ["account_id", "user_name"], (c) =>
          c.onDelete("cascade"),
        )
        .execute();
      await db.schema.createIndex("access_keys_by_user").on("access_keys").columns(["account_id", "user_name"]).execute();
    },
  },
  "identity-002-login-profiles": {
    async up(db: Kysely<unknown>) {
      // A user's console password, as a salted scrypt hash (core/crypto/password.ts); never the password.
      await db.schema
        .createTable("login_profiles")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("user_name", "text", (c) => c.notNull())
        .addColumn("password_hash", "text", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("login_profiles_pk", ["account_id", "user_name"])
        .addForeignKeyConstraint("login_profiles_user", ["account_id", "user_name"], "users", ["account_id", "user_name"], (c) =>
          c.onDelete("cascade"),
        )
        .execute();
    },
  },
  "identity-003-user-tags": {
    async up(db: Kysely<unknown>) {
      // IAM's user tags (TagUser); Session Manager reads `SSMSessionRunAs` from them.
      await db.schema
        .createTable("user_tags")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("user_name", "text", (c) => c.notNull())
        .addColumn("tag_key", "text", (c) => c.notNull())
        .addColumn("tag_value", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("user_tags_pk", ["account_id", "user_name", "tag_key"])
        .addForeignKeyConstraint("user_tags_user", ["account_id", "user_name"], "users", ["account_id", "user_name"], (c) =>
          c.onDelete("cascade"),
        )
        .execute();
    },
  },
};
