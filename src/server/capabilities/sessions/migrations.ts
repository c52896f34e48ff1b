/** @module Sessions' table: one row per session, from StartSession to its end, kept for the audit trail (History). */
import type { Kysely, Migration } from "kysely";

export const sessionMigrations: Record<string, Migration> = {
  "sessions-001-sessions": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("sessions")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("session_id", "text", (c) => c.notNull())
        .addColumn("target", "text", (c) => c.notNull())
        .addColumn("document_name", "text", (c) => c.notNull())
        // Standard_Stream, InteractiveCommands, NonInteractiveCommands or Port, and what the agent needs to run it (JSON).
        .addColumn("session_type", "text", (c) => c.notNull())
        .addColumn("properties", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("owner", "text", (c) => c.notNull())
        .addColumn("reason", "text")
        .addColumn("details", "text")
        .addColumn("start_date", "bigint", (c) => c.notNull())
        .addColumn("end_date", "bigint")
        .addColumn("max_session_duration", "text")
        .addColumn("output_url", "text")
        // SHA-256 of the client's token (StartSession, ResumeSession) and of the agent's; the tokens are never stored.
        .addColumn("client_token_hash", "text", (c) => c.notNull())
        .addColumn("client_token_expires", "bigint", (c) => c.notNull())
        .addColumn("agent_token_hash", "text", (c) => c.notNull())
        // When the node's agent was told about the session (null: not yet).
        .addColumn("delivered_at", "bigint")
        // When the replica relaying the session last said it still does: a session nobody relays any more is ended.
        .addColumn("relayed_at", "bigint")
        .addPrimaryKeyConstraint("sessions_pk", ["session_id"])
        .execute();
      await db.schema.createIndex("sessions_by_scope").on("sessions").columns(["account_id", "region", "start_date"]).execute();
      await db.schema.createIndex("sessions_by_target").on("sessions").columns(["target", "status"]).execute();
    },
  },
  "sessions-002-relay-url": {
    async up(db: Kysely<unknown>) {
      // The data-channel address of the replica that took StartSession: both the client and the agent connect there,
      // so their sockets meet on one relay whichever replica holds the node's channel (decision 021).
      await db.schema.alterTable("sessions").addColumn("relay_url", "text").execute();
    },
  },
};
