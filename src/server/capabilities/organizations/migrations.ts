/** @module Organizations' tables: organizations, member accounts, OUs, account-creation requests, delegated admins. */
import type { Kysely, Migration } from "kysely";

export const organizationsMigrations: Record<string, Migration> = {
  "organizations-001-organizations-accounts-units": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("organizations")
        .addColumn("organization_id", "text", (c) => c.primaryKey())
        .addColumn("management_account_id", "text", (c) => c.notNull().unique())
        .addColumn("feature_set", "text", (c) => c.notNull())
        .addColumn("root_id", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .execute();
      // An account belongs to at most one organization: the account id alone is the key.
      await db.schema
        .createTable("organization_accounts")
        .addColumn("account_id", "text", (c) => c.primaryKey())
        .addColumn("organization_id", "text", (c) => c.notNull())
        .addColumn("parent_id", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("email", "text", (c) => c.notNull())
        .addColumn("joined_method", "text", (c) => c.notNull())
        .addColumn("joined_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("organization_accounts_by_parent")
        .on("organization_accounts")
        .columns(["organization_id", "parent_id", "account_id"])
        .execute();
      await db.schema
        .createTable("organizational_units")
        .addColumn("ou_id", "text", (c) => c.primaryKey())
        .addColumn("organization_id", "text", (c) => c.notNull())
        .addColumn("parent_id", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addUniqueConstraint("organizational_units_name_per_parent", ["organization_id", "parent_id", "name"])
        .execute();
      await db.schema
        .createTable("create_account_requests")
        .addColumn("request_id", "text", (c) => c.primaryKey())
        .addColumn("organization_id", "text", (c) => c.notNull())
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("account_name", "text", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("requested_at", "bigint", (c) => c.notNull())
        .addColumn("completed_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("delegated_administrators")
        .addColumn("organization_id", "text", (c) => c.notNull())
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("service_principal", "text", (c) => c.notNull())
        .addColumn("registered_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("delegated_administrators_pk", ["organization_id", "account_id", "service_principal"])
        .execute();
    },
  },
};
