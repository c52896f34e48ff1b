/** @module A capability's store: its own tables over the shared database, and transactions that bind a copy of it. */
import type { Kysely } from "kysely";
import type { AnyDb } from "./database.ts";

// biome-ignore lint/suspicious/noExplicitAny: Kysely's own constraint for a table map.
export abstract class TransactionalStore<Tables extends Record<string, Record<string, any>>> {
  protected readonly db: Kysely<Tables>;

  constructor(db: AnyDb) {
    this.db = db.withTables<Tables>();
  }

  /** The database handle, for a caller that joins another capability's writes to this transaction. */
  get handle(): AnyDb {
    return this.db as unknown as AnyDb;
  }

  /**
   * Runs `work` in one transaction with a store bound to it. Inside, every query must go through that store (or its
   * `handle`): on SQLite a query outside would wait for the connection the transaction holds.
   */
  transaction<R>(work: (store: this) => Promise<R>): Promise<R> {
    return this.db.transaction().execute((trx) => work(this.boundTo(trx as unknown as AnyDb)));
  }

  /** This store over another handle (a transaction's); a store with state to share passes it to the new one here. */
  protected boundTo(db: AnyDb): this {
    const Store = this.constructor as new (db: AnyDb) => this;
    return new Store(db);
  }
}
