/** @module Managed nodes' tables: hybrid activations and the nodes registered with them. */
import type { Kysely, Migration } from "kysely";

export const managedNodeMigrations: Record<string, Migration> = {
  "managed-nodes-001-activations-instances": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("activations")
        // Activation ids are UUIDs: registration finds one by id alone, before any account is known.
        .addColumn("activation_id", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        // Only a hash of the code is kept: the code is a credential.
        .addColumn("code_sha256", "text", (c) => c.notNull())
        .addColumn("description", "text")
        .addColumn("default_instance_name", "text")
        .addColumn("iam_role", "text", (c) => c.notNull())
        .addColumn("registration_limit", "integer", (c) => c.notNull())
        .addColumn("registrations_count", "integer", (c) => c.notNull())
        .addColumn("expires_at", "bigint", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("activations_by_scope").on("activations").columns(["account_id", "region", "created_at"]).execute();
      await db.schema
        .createTable("managed_instances")
        .addColumn("instance_id", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("activation_id", "text", (c) => c.notNull())
        .addColumn("iam_role", "text", (c) => c.notNull())
        .addColumn("name", "text")
        .addColumn("registered_at", "bigint", (c) => c.notNull())
        // The node's Ed25519 public key (base64 of its SPKI DER); the previous one stays valid until its grace ends.
        .addColumn("public_key", "text", (c) => c.notNull())
        .addColumn("previous_public_key", "text")
        .addColumn("previous_key_valid_until", "bigint")
        .addColumn("platform_type", "text")
        .addColumn("platform_name", "text")
        .addColumn("platform_version", "text")
        .addColumn("agent_version", "text")
        .addColumn("ip_address", "text")
        .addColumn("computer_name", "text")
        .addColumn("last_ping_at", "bigint")
        .execute();
      await db.schema
        .createIndex("managed_instances_by_scope")
        .on("managed_instances")
        .columns(["account_id", "region", "instance_id"])
        .execute();
    },
  },
  "managed-nodes-002-agent-stopped-terminated": {
    async up(db: Kysely<unknown>) {
      // When the agent said it was stopping (a clean close), and when a source of machines reported it terminated.
      await db.schema.alterTable("managed_instances").addColumn("agent_stopped_at", "bigint").execute();
      await db.schema.alterTable("managed_instances").addColumn("terminated_at", "bigint").execute();
    },
  },
};
