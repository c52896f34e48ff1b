/** @module Reads and writes of an account's patch baselines, default baselines and patch groups, in one Region. */
import { inScope, type Scope, scopeColumns } from "../../core/store/scope.ts";
import { TransactionalStore } from "../../core/store/transactional-store.ts";

export interface BaselineRow {
  account_id: string;
  region: string;
  baseline_id: string;
  name: string;
  operating_system: string;
  body: string;
  client_token: string | null;
  created_at: number;
  modified_at: number;
}

export interface PatchGroupRow {
  account_id: string;
  region: string;
  patch_group: string;
  operating_system: string;
  baseline_id: string;
}

type PatchTables = {
  patch_baselines: BaselineRow;
  patch_default_baselines: { account_id: string; region: string; operating_system: string; baseline_id: string };
  patch_groups: PatchGroupRow;
};

export class PatchBaselineStore extends TransactionalStore<PatchTables> {
  async get(scope: Scope, baselineId: string): Promise<BaselineRow | undefined> {
    return this.db
      .selectFrom("patch_baselines")
      .selectAll()
      .where((eb) => eb.and({ ...scopeColumns(scope), baseline_id: baselineId }))
      .executeTakeFirst();
  }

  async withClientToken(scope: Scope, token: string): Promise<BaselineRow | undefined> {
    return this.db
      .selectFrom("patch_baselines")
      .selectAll()
      .where((eb) => eb.and({ ...scopeColumns(scope), client_token: token }))
      .executeTakeFirst();
  }

  async list(scope: Scope): Promise<BaselineRow[]> {
    return this.db.selectFrom("patch_baselines").selectAll().$call(inScope(scope)).orderBy("name").orderBy("baseline_id").execute();
  }

  async count(scope: Scope): Promise<number> {
    const row = await this.db
      .selectFrom("patch_baselines")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .$call(inScope(scope))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async insert(row: BaselineRow): Promise<void> {
    await this.db.insertInto("patch_baselines").values(row).execute();
  }

  async update(scope: Scope, baselineId: string, changes: Pick<BaselineRow, "name" | "body" | "modified_at">): Promise<void> {
    await this.db
      .updateTable("patch_baselines")
      .set(changes)
      .where((eb) => eb.and({ ...scopeColumns(scope), baseline_id: baselineId }))
      .execute();
  }

  async delete(scope: Scope, baselineId: string): Promise<void> {
    await this.db
      .deleteFrom("patch_baselines")
      .where((eb) => eb.and({ ...scopeColumns(scope), baseline_id: baselineId }))
      .execute();
  }

  /** The baseline the account registered as the default of an operating system, if it did. */
  async defaultOf(scope: Scope, os: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom("patch_default_baselines")
      .select("baseline_id")
      .where((eb) => eb.and({ ...scopeColumns(scope), operating_system: os }))
      .executeTakeFirst();
    return row?.baseline_id;
  }

  /** The operating systems whose registered default is this baseline. */
  async defaultsUsing(scope: Scope, baselineId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom("patch_default_baselines")
      .select("operating_system")
      .where((eb) => eb.and({ ...scopeColumns(scope), baseline_id: baselineId }))
      .execute();
    return rows.map((row) => row.operating_system);
  }

  async setDefault(scope: Scope, os: string, baselineId: string): Promise<void> {
    const key = { ...scopeColumns(scope), operating_system: os };
    await this.db
      .deleteFrom("patch_default_baselines")
      .where((eb) => eb.and(key))
      .execute();
    await this.db
      .insertInto("patch_default_baselines")
      .values({ ...key, baseline_id: baselineId })
      .execute();
  }

  /** Forgets a registered default, so the operating system's predefined default applies again. */
  async clearDefault(scope: Scope, os: string): Promise<void> {
    await this.db
      .deleteFrom("patch_default_baselines")
      .where((eb) => eb.and({ ...scopeColumns(scope), operating_system: os }))
      .execute();
  }

  async groups(scope: Scope): Promise<PatchGroupRow[]> {
    return this.db
      .selectFrom("patch_groups")
      .selectAll()
      .$call(inScope(scope))
      .orderBy("patch_group")
      .orderBy("operating_system")
      .execute();
  }

  async groupsOf(scope: Scope, baselineId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom("patch_groups")
      .select("patch_group")
      .where((eb) => eb.and({ ...scopeColumns(scope), baseline_id: baselineId }))
      .orderBy("patch_group")
      .execute();
    return rows.map((row) => row.patch_group);
  }

  async group(scope: Scope, patchGroup: string, os: string): Promise<PatchGroupRow | undefined> {
    return this.db
      .selectFrom("patch_groups")
      .selectAll()
      .where((eb) => eb.and({ ...scopeColumns(scope), patch_group: patchGroup, operating_system: os }))
      .executeTakeFirst();
  }

  async addGroup(row: PatchGroupRow): Promise<void> {
    await this.db.insertInto("patch_groups").values(row).execute();
  }

  async removeGroup(scope: Scope, patchGroup: string, baselineId: string): Promise<number> {
    const result = await this.db
      .deleteFrom("patch_groups")
      .where((eb) => eb.and({ ...scopeColumns(scope), patch_group: patchGroup, baseline_id: baselineId }))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
