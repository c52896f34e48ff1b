/** @module Reads and writes of resource tags, always within one account and region. */

import type { Kysely } from "kysely";
import type { AnyDb } from "../../core/store/database.ts";
import { inScope, type Scope, scopeColumns } from "../../core/store/scope.ts";

type TagTables = {
  resource_tags: { account_id: string; region: string; resource_type: string; resource_id: string; tag_key: string; tag_value: string };
};

export interface Tag {
  Key: string;
  Value: string;
}

/** The columns that name one resource's tags. */
const ofResource = (scope: Scope, resourceType: string, resourceId: string) => ({
  account_id: scope.accountId,
  region: scope.region,
  resource_type: resourceType,
  resource_id: resourceId,
});

export class TagStore {
  private readonly db: Kysely<TagTables>;
  constructor(db: AnyDb) {
    this.db = db.withTables<TagTables>();
  }

  async list(scope: Scope, resourceType: string, resourceId: string): Promise<Tag[]> {
    const rows = await this.db
      .selectFrom("resource_tags")
      .select(["tag_key", "tag_value"])
      .where((eb) => eb.and(ofResource(scope, resourceType, resourceId)))
      .orderBy("tag_key")
      .execute();
    return rows.map((row) => ({ Key: row.tag_key, Value: row.tag_value }));
  }

  /** Every tag of one resource type in a scope, by resource id (inventory's AWS:Tag, fleet search). */
  async listAllOfType(scope: Scope, resourceType: string): Promise<Map<string, Tag[]>> {
    const rows = await this.db
      .selectFrom("resource_tags")
      .select(["resource_id", "tag_key", "tag_value"])
      .$call(inScope(scope))
      .where("resource_type", "=", resourceType)
      .orderBy("resource_id")
      .orderBy("tag_key")
      .execute();
    const out = new Map<string, Tag[]>();
    for (const row of rows) {
      const list = out.get(row.resource_id) ?? [];
      list.push({ Key: row.tag_key, Value: row.tag_value });
      out.set(row.resource_id, list);
    }
    return out;
  }

  /** Adds or replaces tags; `within` lets a caller join a transaction it already holds. */
  async put(scope: Scope, resourceType: string, resourceId: string, tags: readonly Tag[], within?: AnyDb): Promise<void> {
    const db = within ? within.withTables<TagTables>() : this.db;
    for (const tag of tags) {
      await db
        .insertInto("resource_tags")
        .values({
          account_id: scope.accountId,
          region: scope.region,
          resource_type: resourceType,
          resource_id: resourceId,
          tag_key: tag.Key,
          tag_value: tag.Value,
        })
        .onConflict((oc) =>
          oc.columns(["account_id", "region", "resource_type", "resource_id", "tag_key"]).doUpdateSet({ tag_value: tag.Value }),
        )
        .execute();
    }
  }

  async remove(scope: Scope, resourceType: string, resourceId: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db
      .deleteFrom("resource_tags")
      .where((eb) => eb.and(ofResource(scope, resourceType, resourceId)))
      .where("tag_key", "in", [...keys])
      .execute();
  }

  async removeAll(scope: Scope, resourceType: string, resourceId: string, within?: AnyDb): Promise<void> {
    const db = within ? within.withTables<TagTables>() : this.db;
    await db
      .deleteFrom("resource_tags")
      .where((eb) => eb.and(ofResource(scope, resourceType, resourceId)))
      .execute();
  }

  /** Ids of resources of a type carrying `key` (with one of `values`, when given). */
  /** Each resource of a type that has a tag key, with its value (for prefix filters such as BeginsWith). */
  async valuesOfTag(scope: Scope, resourceType: string, key: string): Promise<Map<string, string>> {
    const rows = await this.db
      .selectFrom("resource_tags")
      .select(["resource_id", "tag_value"])
      .where((eb) => eb.and({ ...scopeColumns(scope), resource_type: resourceType }))
      .where("tag_key", "=", key)
      .execute();
    return new Map(rows.map((row) => [row.resource_id, row.tag_value]));
  }

  async resourcesWithTag(scope: Scope, resourceType: string, key: string, values?: readonly string[]): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom("resource_tags")
      .select("resource_id")
      .where((eb) => eb.and({ ...scopeColumns(scope), resource_type: resourceType }))
      .where("tag_key", "=", key)
      .$if(values !== undefined && values.length > 0, (q) => q.where("tag_value", "in", [...(values ?? [])]))
      .execute();
    return new Set(rows.map((row) => row.resource_id));
  }
}
