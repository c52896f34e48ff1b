/** @module A durable log of events (policy notifications, expirations) that later capabilities consume. */

import type { Kysely, Migration } from "kysely";
import type { AnyDb } from "../store/database.ts";
import { inScope } from "../store/scope.ts";

export interface EventsTable {
  id: string;
  account_id: string;
  region: string;
  source: string;
  detail_type: string;
  resource: string;
  detail: string;
  time: number;
  /** Makes recording idempotent: the same notification is recorded once. */
  dedupe_key: string;
}

export interface RecordedEvent {
  accountId: string;
  region: string;
  source: string;
  detailType: string;
  resource: string;
  detail: Record<string, unknown>;
  time: number;
  dedupeKey: string;
}

export const eventMigrations: Record<string, Migration> = {
  "core-001-events": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("events")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("detail_type", "text", (c) => c.notNull())
        .addColumn("resource", "text", (c) => c.notNull())
        .addColumn("detail", "text", (c) => c.notNull())
        .addColumn("time", "bigint", (c) => c.notNull())
        .addColumn("dedupe_key", "text", (c) => c.notNull().unique())
        .execute();
      await db.schema.createIndex("events_by_scope").on("events").columns(["account_id", "region", "time"]).execute();
    },
  },
};

/** Records and reads events; recording the same dedupe key twice keeps the first. */
export class EventLog {
  private readonly db;
  constructor(db: AnyDb) {
    this.db = db.withTables<{ events: EventsTable }>();
  }

  async record(event: RecordedEvent): Promise<void> {
    await this.db
      .insertInto("events")
      .values({
        id: crypto.randomUUID(),
        account_id: event.accountId,
        region: event.region,
        source: event.source,
        detail_type: event.detailType,
        resource: event.resource,
        detail: JSON.stringify(event.detail),
        time: event.time,
        dedupe_key: event.dedupeKey,
      })
      .onConflict((oc) => oc.column("dedupe_key").doNothing())
      .execute();
  }

  /** Events of one account and region, oldest first. */
  async list(accountId: string, region: string, source?: string): Promise<RecordedEvent[]> {
    const rows = await this.db
      .selectFrom("events")
      .selectAll()
      .$call(inScope({ accountId, region }))
      .$if(source !== undefined, (q) => q.where("source", "=", source ?? ""))
      .orderBy("time")
      .orderBy("id")
      .execute();
    return rows.map((row) => ({
      accountId: row.account_id,
      region: row.region,
      source: row.source,
      detailType: row.detail_type,
      resource: row.resource,
      detail: JSON.parse(row.detail) as Record<string, unknown>,
      time: row.time,
      dedupeKey: row.dedupe_key,
    }));
  }
}
