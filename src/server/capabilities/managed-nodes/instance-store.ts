/** @module Reads and writes of managed nodes, scoped by account and region except for the agent's own lookups. */

import type { Kysely } from "kysely";
import type { AnyDb } from "../../core/store/database.ts";
import type { Scope } from "../../core/store/scope.ts";
import { inScope, scopeColumns } from "../../core/store/scope.ts";

export interface InstanceRow {
  instance_id: string;
  account_id: string;
  region: string;
  activation_id: string;
  iam_role: string;
  name: string | null;
  registered_at: number;
  public_key: string;
  previous_public_key: string | null;
  previous_key_valid_until: number | null;
  platform_type: string | null;
  platform_name: string | null;
  platform_version: string | null;
  agent_version: string | null;
  ip_address: string | null;
  computer_name: string | null;
  last_ping_at: number | null;
  /** The agent closed its channel saying it was stopping; cleared when it connects again. */
  agent_stopped_at: number | null;
  /** A source of machines (EC2, a CMDB) reported the machine terminated: the node stays listed, Inactive. */
  terminated_at: number | null;
}

type InstanceTables = { managed_instances: InstanceRow };

const ofInstance = (scope: Scope, id: string) => ({ ...scopeColumns(scope), instance_id: id });

export class InstanceStore {
  private readonly db: Kysely<InstanceTables>;
  constructor(db: AnyDb) {
    this.db = db.withTables<InstanceTables>();
  }

  async insert(row: InstanceRow, within?: AnyDb): Promise<void> {
    await (within ? within.withTables<InstanceTables>() : this.db).insertInto("managed_instances").values(row).execute();
  }

  async get(scope: Scope, instanceId: string): Promise<InstanceRow | undefined> {
    return this.db
      .selectFrom("managed_instances")
      .selectAll()
      .where((eb) => eb.and(ofInstance(scope, instanceId)))
      .executeTakeFirst();
  }

  /** Several nodes of a scope at once (in chunks, within every engine's parameter limit). */
  async getMany(scope: Scope, instanceIds: readonly string[]): Promise<InstanceRow[]> {
    const rows: InstanceRow[] = [];
    for (let i = 0; i < instanceIds.length; i += 500) {
      const chunk = instanceIds.slice(i, i + 500);
      rows.push(
        ...(await this.db.selectFrom("managed_instances").selectAll().$call(inScope(scope)).where("instance_id", "in", chunk).execute()),
      );
    }
    return rows;
  }

  /** The dispatcher's lookup of nodes by id alone (the ids come from the node's own invocations). */
  async getManyForAgent(instanceIds: readonly string[]): Promise<Map<string, InstanceRow>> {
    const rows = new Map<string, InstanceRow>();
    for (let i = 0; i < instanceIds.length; i += 500) {
      const chunk = instanceIds.slice(i, i + 500);
      for (const row of await this.db.selectFrom("managed_instances").selectAll().where("instance_id", "in", chunk).execute())
        rows.set(row.instance_id, row);
    }
    return rows;
  }

  /** The agent channel's lookup: by id alone, since the node proves itself with its key. */
  async getForAgent(instanceId: string): Promise<InstanceRow | undefined> {
    return this.db.selectFrom("managed_instances").selectAll().where("instance_id", "=", instanceId).executeTakeFirst();
  }

  /** What a node reports when it connects. */
  async recordHello(
    instanceId: string,
    info: Pick<InstanceRow, "platform_type" | "platform_name" | "platform_version" | "agent_version" | "ip_address" | "computer_name">,
    now: number,
  ): Promise<void> {
    await this.db
      .updateTable("managed_instances")
      .set({ ...info, last_ping_at: now, agent_stopped_at: null })
      .where("instance_id", "=", instanceId)
      .execute();
  }

  async recordAgentStopped(instanceId: string, now: number): Promise<void> {
    await this.db.updateTable("managed_instances").set({ agent_stopped_at: now }).where("instance_id", "=", instanceId).execute();
  }

  /** Marks a node terminated (once); true when it was not already. */
  async markTerminated(scope: Scope, instanceId: string, now: number, within?: AnyDb): Promise<boolean> {
    const result = await (within ? within.withTables<InstanceTables>() : this.db)
      .updateTable("managed_instances")
      .set({ terminated_at: now })
      .where((eb) => eb.and(ofInstance(scope, instanceId)))
      .where("terminated_at", "is", null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Heartbeats of many nodes in one transaction (one fsync for a burst of them). */
  async recordPings(pings: readonly { instanceId: string; at: number }[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const ping of pings)
        await trx.updateTable("managed_instances").set({ last_ping_at: ping.at }).where("instance_id", "=", ping.instanceId).execute();
    });
  }

  /** Installs a new key; the old one keeps working until `graceUntil`. */
  async rotateKey(instanceId: string, currentKey: string, newKey: string, graceUntil: number): Promise<void> {
    await this.db
      .updateTable("managed_instances")
      .set({ public_key: newKey, previous_public_key: currentKey, previous_key_valid_until: graceUntil })
      .where("instance_id", "=", instanceId)
      .execute();
  }

  async countInScope(scope: Scope, within?: AnyDb): Promise<number> {
    const row = await (within ? within.withTables<InstanceTables>() : this.db)
      .selectFrom("managed_instances")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where((eb) => eb.and(scopeColumns(scope)))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async delete(scope: Scope, instanceId: string, within?: AnyDb): Promise<boolean> {
    const db = within ? within.withTables<InstanceTables>() : this.db;
    const result = await db
      .deleteFrom("managed_instances")
      .where((eb) => eb.and(ofInstance(scope, instanceId)))
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Every node of an account, in every Region (machine reconciliation matches across Regions). */
  async listAccount(accountId: string): Promise<InstanceRow[]> {
    return this.db.selectFrom("managed_instances").selectAll().where("account_id", "=", accountId).orderBy("instance_id").execute();
  }

  /** Every node's platform in a scope, in one narrow read (a vulnerability match needs it for 10,000 nodes per batch). */
  async platforms(scope: Scope): Promise<Pick<InstanceRow, "instance_id" | "platform_name" | "platform_version">[]> {
    return this.db
      .selectFrom("managed_instances")
      .select(["instance_id", "platform_name", "platform_version"])
      .where((eb) => eb.and(scopeColumns(scope)))
      .where("terminated_at", "is", null)
      .execute();
  }

  /** Nodes in id order after a keyset position. */
  async list(scope: Scope, after: string | undefined, limit: number): Promise<InstanceRow[]> {
    return this.db
      .selectFrom("managed_instances")
      .selectAll()
      .where((eb) => eb.and(scopeColumns(scope)))
      .$if(after !== undefined, (q) => q.where("instance_id", ">", after ?? ""))
      .orderBy("instance_id")
      .limit(limit)
      .execute();
  }
}
