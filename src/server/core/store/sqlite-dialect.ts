/**
 * @module The SQLite dialect Bosun uses: Kysely's, with a queue-based connection lock and cached prepared statements.
 * Kysely's own SQLite driver wakes every waiting query on each unlock (N² wake-ups with N concurrent requests) and
 * prepares every statement anew; under load the two took a third of the server's CPU (see bench/README.md).
 */
import type { Database as SqliteDatabase, Statement } from "better-sqlite3";
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, SqliteDialect, type TransactionSettings } from "kysely";

const statementCacheSize = 512;

/** One waiter at a time, in arrival order. */
class FifoLock {
  private locked = false;
  private readonly waiting: (() => void)[] = [];

  async acquire(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.locked = false;
  }
}

class CachingConnection implements DatabaseConnection {
  private readonly statements = new Map<string, Statement>();
  constructor(private readonly db: SqliteDatabase) {}

  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement) {
      // Refresh its place so the cache evicts the least recently used.
      this.statements.delete(sql);
    } else {
      statement = this.db.prepare(sql);
      if (this.statements.size >= statementCacheSize) {
        const oldest = this.statements.keys().next().value;
        if (oldest !== undefined) this.statements.delete(oldest);
      }
    }
    this.statements.set(sql, statement);
    return statement;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.prepare(query.sql);
    const parameters = query.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  // biome-ignore lint/correctness/useYield: Bosun never streams from SQLite; the interface requires the method.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("streaming is not supported on SQLite");
  }
}

class FairSqliteDriver implements Driver {
  private readonly lock = new FifoLock();
  private readonly connection: CachingConnection;
  constructor(private readonly db: SqliteDatabase) {
    this.connection = new CachingConnection(db);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.lock.acquire();
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async releaseConnection(): Promise<void> {
    this.lock.release();
  }

  async destroy(): Promise<void> {
    this.db.close();
  }
}

/** Kysely's SQLite dialect (compiler, adapter, introspector) over the fair, caching driver. */
export class FairSqliteDialect extends SqliteDialect {
  constructor(private readonly sqlite: SqliteDatabase) {
    super({ database: sqlite });
  }

  override createDriver(): Driver {
    return new FairSqliteDriver(this.sqlite);
  }
}
