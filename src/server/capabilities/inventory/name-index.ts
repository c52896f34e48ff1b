/**
 * @module The name index behind fleet search (decision 009): an inverted index of entry Names. Each distinct Name of
 * a type in an account and Region gets a small integer id (`inventory_names`). A transaction of puts draws one
 * generation and writes, per name, one row of postings (`inventory_name_postings`, keyed (name id, generation)): the
 * nodes that have the name, with Version, version scheme, and where the entry sits in its item's content. Generations
 * only grow, so a transaction's rows land at the end of each name's range, and a batch of 32 puts writes 1,000 rows
 * instead of 32,000.
 */

import { CompiledQuery, type Kysely, sql } from "kysely";
import { inScope, type Scope, scopeColumns } from "../../core/store/scope.ts";
import { isPostgres, statementText } from "../../core/store/sql-helpers.ts";

export interface NameRow {
  account_id: string;
  region: string;
  type_name: string;
  name_id: number;
  name: string;
}

/** One named entry of one item, as the index knows it. */
export interface Posting {
  instance_id: string;
  seq: number;
  version: string | null;
  scheme: string | null;
  offset: number;
  length: number;
  /** The version vulnerability advisories compare (version-order.ts matchVersion), when it differs from Version. */
  match_version?: string | undefined;
}

export interface PostingsRow {
  name_id: number;
  generation: number;
  /** JSON: an array of [instance_id, seq, version, scheme, offset, length, match version if it differs]. */
  postings: string;
}

export type NameTables = { inventory_names: NameRow; inventory_name_postings: PostingsRow };

/** A posting as the index returns it: with its Name and the generation of the item it points into. */
export interface IndexedEntry extends Posting {
  name: string;
  generation: number;
}

/** A posting as stored: [instance_id, seq, version, scheme, offset, length, match version if it differs]. */
export type PackedPosting = [string, number, string | null, string | null, number, number, string?];

/** A stored posting as the index returns it, with its Name and generation. */
export const unpack = (p: PackedPosting, name: string, generation: number): IndexedEntry => ({
  instance_id: p[0],
  seq: p[1],
  version: p[2],
  scheme: p[3],
  offset: p[4],
  length: p[5],
  ...(p[6] !== undefined ? { match_version: p[6] } : {}),
  name,
  generation,
});
const pack = (p: Posting): PackedPosting =>
  p.match_version === undefined
    ? [p.instance_id, p.seq, p.version, p.scheme, p.offset, p.length]
    : [p.instance_id, p.seq, p.version, p.scheme, p.offset, p.length, p.match_version];

/** State that outlives a transaction: committed name ids (per scope and type), and SQLite's generation counter. */
export class NameIndexState {
  readonly ids = new Map<string, Map<string, number>>();
  generation: number | undefined;
}

const typeKey = (scope: Scope, typeName: string) => `${scope.accountId}\0${scope.region}\0${typeName}`;

/** The map of one scope and type in `maps`, made on first use. */
function idsOf(maps: Map<string, Map<string, number>>, key: string): Map<string, number> {
  let map = maps.get(key);
  if (!map) {
    map = new Map();
    maps.set(key, map);
  }
  return map;
}

/** Rows per multi-row statement: 3 parameters each, well inside every engine's limit. */
const insertBatch = 250;

/** `insert into inventory_name_postings ... values (...), ...` for `rows` rows, with the engine's placeholders. */
const insertText = (rows: number, postgres: boolean): string =>
  statementText(`inventory_name_postings:${postgres}:${rows}`, () => {
    let n = 0;
    const tuple = () => (postgres ? `($${++n}, $${++n}, $${++n})` : "(?, ?, ?)");
    return `insert into inventory_name_postings (name_id, generation, postings) values ${Array.from({ length: rows }, tuple).join(", ")}`;
  });

/** The name index as seen by one transaction (or by reads outside one). */
export class NameIndex {
  /** Postings written by this transaction, per name id: one row each at `flush`. */
  private pending = new Map<number, Posting[]>();
  /** The generation of what this transaction writes until its next flush. */
  private current: number | undefined;
  /** Ids this transaction created: shared only once it commits, so a rollback cannot leave a dangling id. */
  readonly created = new Map<string, Map<string, number>>();

  constructor(
    private readonly db: Kysely<NameTables>,
    private readonly state: NameIndexState,
  ) {}

  /** The generation of the items this transaction writes (until its next flush). */
  async generation(maxStored: () => Promise<number>): Promise<number> {
    if (this.current !== undefined) return this.current;
    if (isPostgres(this.db)) {
      const { rows } = await sql<{ g: number }>`select nextval('inventory_generation') as g`.execute(this.db);
      this.current = Number(rows[0]?.g);
    } else {
      // SQLite has one writer (this process): a counter seeded from the items is enough.
      this.state.generation ??= await maxStored();
      this.state.generation += 1;
      this.current = this.state.generation;
    }
    return this.current;
  }

  /** Ids of `names` that exist; with `create`, ids for the others are made. */
  async ids(scope: Scope, typeName: string, names: Iterable<string>, create: boolean): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const missingSet = new Set<string>();
    const key = typeKey(scope, typeName);
    const committed = idsOf(this.state.ids, key);
    const created = this.created.get(key);
    for (const name of names) {
      if (out.has(name)) continue;
      const id = committed.get(name) ?? created?.get(name);
      if (id !== undefined) out.set(name, id);
      else missingSet.add(name);
    }
    const missing = [...missingSet];
    for (let i = 0; i < missing.length; i += insertBatch) {
      const chunk = missing.slice(i, i + insertBatch);
      const scoped = { ...scopeColumns(scope), type_name: typeName };
      if (create)
        await this.db
          .insertInto("inventory_names")
          .values(chunk.map((name) => ({ ...scoped, name })) as NameRow[])
          .onConflict((oc) => oc.columns(["account_id", "region", "type_name", "name"]).doNothing())
          .execute();
      const found = await this.db
        .selectFrom("inventory_names")
        .select(["name_id", "name"])
        .$call(inScope(scope))
        .where("type_name", "=", typeName)
        .where("name", "in", chunk)
        .execute();
      for (const row of found) {
        out.set(row.name, row.name_id);
        idsOf(create ? this.created : this.state.ids, key).set(row.name, row.name_id);
      }
    }
    return out;
  }

  /** Ids of the names that start with `prefix`. */
  async idsWithPrefix(scope: Scope, typeName: string, prefix: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom("inventory_names")
      .select(["name_id", "name"])
      .$call(inScope(scope))
      .where("type_name", "=", typeName)
      .where("name", ">=", prefix)
      .where("name", "<", `${prefix}\u{10FFFF}`)
      .execute();
    return new Map(rows.map((r) => [r.name, r.name_id]));
  }

  add(nameId: number, posting: Posting): void {
    const list = this.pending.get(nameId);
    if (list) list.push(posting);
    else this.pending.set(nameId, [posting]);
  }

  /** Removes a node's postings of one item: those of its generation, under the names it had. */
  async remove(scope: Scope, typeName: string, generation: number, names: Iterable<string>, instanceId: string): Promise<void> {
    const ids = [...(await this.ids(scope, typeName, names, false)).values()];
    if (generation === this.current)
      for (const id of ids) {
        const list = this.pending.get(id);
        if (list)
          this.pending.set(
            id,
            list.filter((p) => p.instance_id !== instanceId),
          );
      }
    for (let i = 0; i < ids.length; i += insertBatch) {
      const rows = await this.db
        .selectFrom("inventory_name_postings")
        .selectAll()
        .where("name_id", "in", ids.slice(i, i + insertBatch))
        .where("generation", "=", generation)
        .execute();
      for (const row of rows) {
        const kept = (JSON.parse(row.postings) as PackedPosting[]).filter((p) => p[0] !== instanceId);
        const key = this.db.updateTable("inventory_name_postings").where("name_id", "=", row.name_id).where("generation", "=", generation);
        if (kept.length > 0) await key.set({ postings: JSON.stringify(kept) }).execute();
        else
          await this.db
            .deleteFrom("inventory_name_postings")
            .where("name_id", "=", row.name_id)
            .where("generation", "=", generation)
            .execute();
      }
    }
  }

  /** Removes every row and name of a type in a scope. */
  async removeType(scope: Scope, typeName: string): Promise<void> {
    const names = this.db.selectFrom("inventory_names").select("name_id").$call(inScope(scope)).where("type_name", "=", typeName);
    await this.db.deleteFrom("inventory_name_postings").where("name_id", "in", names).execute();
    await this.db.deleteFrom("inventory_names").$call(inScope(scope)).where("type_name", "=", typeName).execute();
    this.state.ids.delete(typeKey(scope, typeName));
  }

  /** Writes one row per name in key order (appends at the end of each name's range); the next write draws anew. */
  async flush(): Promise<void> {
    const generation = this.current;
    const names = [...this.pending].filter(([, list]) => list.length > 0).sort((a, b) => a[0] - b[0]);
    this.pending = new Map();
    this.current = undefined;
    if (generation === undefined) return;
    const postgres = isPostgres(this.db);
    for (let i = 0; i < names.length; i += insertBatch) {
      const batch = names.slice(i, i + insertBatch);
      const parameters: unknown[] = [];
      for (const [nameId, list] of batch) parameters.push(nameId, generation, JSON.stringify(list.map(pack)));
      // A prepared text per batch size: the query builder's per-row cost shows at this volume.
      await this.db.executeQuery(CompiledQuery.raw(insertText(batch.length, postgres), parameters));
    }
  }

  /** Makes this transaction's new ids visible to later ones (call after commit). */
  publish(): void {
    for (const [key, ids] of this.created) for (const [name, id] of ids) idsOf(this.state.ids, key).set(name, id);
    this.created.clear();
  }

  /** The postings under some names (a search's candidates), unordered; `names` maps id to Name. */
  async postings(names: ReadonlyMap<number, string>): Promise<IndexedEntry[]> {
    const out: IndexedEntry[] = [];
    await this.forEachPosting(names, (name, generation, p) => out.push(unpack(p, name, generation)));
    return out;
  }

  /** Visits the postings under some names as stored, building no object per posting (a vulnerability match reads millions). */
  async forEachPosting(
    names: ReadonlyMap<number, string>,
    visit: (name: string, generation: number, posting: PackedPosting) => void,
  ): Promise<void> {
    const ids = [...names.keys()];
    for (let i = 0; i < ids.length; i += insertBatch) {
      const rows = await this.db
        .selectFrom("inventory_name_postings")
        .selectAll()
        .where("name_id", "in", ids.slice(i, i + insertBatch))
        .execute();
      for (const row of rows) {
        const name = names.get(row.name_id) as string;
        const generation = Number(row.generation);
        for (const p of JSON.parse(row.postings) as PackedPosting[]) visit(name, generation, p);
      }
    }
  }
}
