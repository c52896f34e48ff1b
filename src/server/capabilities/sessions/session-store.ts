/**
 * @module Sessions' rows. The API reads and writes them scoped by account and Region; the data channel finds a row by
 * its id only after a token proves the caller holds it (the token's hash is compared, never the token).
 */
import type { AnyDb } from "../../core/store/database.ts";
import { type Scope, scopeColumns } from "../../core/store/scope.ts";
import { TransactionalStore } from "../../core/store/transactional-store.ts";

export type SessionStatus = "Connected" | "Connecting" | "Disconnected" | "Terminated" | "Terminating" | "Failed";
export const activeStatuses: readonly SessionStatus[] = ["Connected", "Connecting", "Disconnected", "Terminating"];

export interface SessionRow {
  account_id: string;
  region: string;
  session_id: string;
  target: string;
  document_name: string;
  session_type: string;
  properties: string;
  status: SessionStatus;
  owner: string;
  reason: string | null;
  details: string | null;
  start_date: number;
  end_date: number | null;
  max_session_duration: string | null;
  output_url: string | null;
  client_token_hash: string;
  client_token_expires: number;
  agent_token_hash: string;
  delivered_at: number | null;
  relayed_at: number | null;
  /** Where the session's data sockets meet (a replica's ws:// or wss:// base); null for sessions from before it was kept. */
  relay_url: string | null;
}

export { hashSecret as tokenHash, secretMatches as tokenMatches } from "../../core/crypto/hashed-secret.ts";

export class SessionStore extends TransactionalStore<{ sessions: SessionRow }> {
  constructor(db: AnyDb) {
    super(db);
  }

  async insert(row: SessionRow): Promise<void> {
    await this.db.insertInto("sessions").values(row).execute();
  }

  async get(scope: Scope, sessionId: string): Promise<SessionRow | undefined> {
    return this.db
      .selectFrom("sessions")
      .selectAll()
      .where((eb) => eb.and({ ...scopeColumns(scope), session_id: sessionId }))
      .executeTakeFirst();
  }

  /** A row by id alone: only for the data channel, which then checks a token against it. */
  async byId(sessionId: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom("sessions").selectAll().where("session_id", "=", sessionId).executeTakeFirst();
  }

  async list(scope: Scope, statuses: readonly SessionStatus[]): Promise<SessionRow[]> {
    return this.db
      .selectFrom("sessions")
      .selectAll()
      .where((eb) => eb.and(scopeColumns(scope)))
      .where("status", "in", statuses)
      .orderBy("start_date", "desc")
      .orderBy("session_id")
      .limit(10_000)
      .execute();
  }

  /** Sessions of a node that its agent has not been told about yet. */
  async undelivered(target: string): Promise<SessionRow[]> {
    return this.db
      .selectFrom("sessions")
      .selectAll()
      .where("target", "=", target)
      .where("status", "=", "Connecting")
      .where("delivered_at", "is", null)
      .execute();
  }

  /** Sessions that should be running, for the sweep: past their end, or waiting for an agent. */
  async active(): Promise<SessionRow[]> {
    return this.db.selectFrom("sessions").selectAll().where("status", "in", activeStatuses).limit(10_000).execute();
  }

  async markDelivered(sessionId: string, at: number): Promise<void> {
    await this.db.updateTable("sessions").set({ delivered_at: at }).where("session_id", "=", sessionId).execute();
  }

  /** This replica still relays these sessions. */
  async markRelayed(sessionIds: readonly string[], at: number): Promise<void> {
    if (sessionIds.length === 0) return;
    await this.db.updateTable("sessions").set({ relayed_at: at }).where("session_id", "in", sessionIds).execute();
  }

  async setStatus(sessionId: string, status: SessionStatus): Promise<void> {
    await this.db
      .updateTable("sessions")
      .set({ status })
      .where("session_id", "=", sessionId)
      .where("status", "in", activeStatuses)
      .execute();
  }

  /** Ends a session once: the first end (its status and details) is kept. */
  async end(sessionId: string, status: "Terminated" | "Failed", at: number, details: string | null, outputUrl?: string): Promise<boolean> {
    const result = await this.db
      .updateTable("sessions")
      .set({ status, end_date: at, details, ...(outputUrl ? { output_url: outputUrl } : {}) })
      .where("session_id", "=", sessionId)
      .where("status", "in", activeStatuses)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async setOutputUrl(sessionId: string, url: string): Promise<void> {
    await this.db.updateTable("sessions").set({ output_url: url }).where("session_id", "=", sessionId).execute();
  }

  /** A new client token (ResumeSession). */
  async renewClientToken(sessionId: string, hash: string, expires: number): Promise<void> {
    await this.db
      .updateTable("sessions")
      .set({ client_token_hash: hash, client_token_expires: expires })
      .where("session_id", "=", sessionId)
      .execute();
  }
}
