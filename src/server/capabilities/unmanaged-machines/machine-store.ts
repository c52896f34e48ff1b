/** @module Reads and writes of machine sources and their machines; every query is scoped by account. */
import { TransactionalStore } from "../../core/store/transactional-store.ts";

export type MachineState = "running" | "stopped" | "terminated";

export interface SourceRow {
  account_id: string;
  source_name: string;
  source_type: "EC2" | "CMDB";
  config: string;
  created_at: number;
  last_refresh_at: number | null;
  last_status: string | null;
  last_message: string | null;
}

export interface MachineRow {
  account_id: string;
  source_name: string;
  machine_id: string;
  region: string;
  state: MachineState;
  name: string | null;
  hostname: string | null;
  private_ip: string | null;
  public_ip: string | null;
  platform: string | null;
  seen_at: number;
}

/** A machine as a source reports it, before it is stored under its account and source. */
export type ReportedMachine = Omit<MachineRow, "account_id" | "source_name" | "seen_at">;

type Tables = { machine_sources: SourceRow; source_machines: MachineRow };

export class MachineStore extends TransactionalStore<Tables> {
  async sources(accountId: string): Promise<SourceRow[]> {
    return this.db.selectFrom("machine_sources").selectAll().where("account_id", "=", accountId).orderBy("source_name").execute();
  }

  async allSources(): Promise<SourceRow[]> {
    return this.db.selectFrom("machine_sources").selectAll().orderBy("account_id").orderBy("source_name").execute();
  }

  async putSource(row: SourceRow): Promise<void> {
    await this.db
      .insertInto("machine_sources")
      .values(row)
      .onConflict((oc) => oc.columns(["account_id", "source_name"]).doUpdateSet({ source_type: row.source_type, config: row.config }))
      .execute();
  }

  async deleteSource(accountId: string, sourceName: string): Promise<boolean> {
    await this.db.deleteFrom("source_machines").where("account_id", "=", accountId).where("source_name", "=", sourceName).execute();
    const result = await this.db
      .deleteFrom("machine_sources")
      .where("account_id", "=", accountId)
      .where("source_name", "=", sourceName)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** The source's machines become exactly `machines` (a source reports what exists now, not changes). */
  async replaceMachines(accountId: string, sourceName: string, machines: readonly ReportedMachine[], now: number): Promise<void> {
    await this.db.deleteFrom("source_machines").where("account_id", "=", accountId).where("source_name", "=", sourceName).execute();
    for (let i = 0; i < machines.length; i += 200) {
      const chunk = machines.slice(i, i + 200).map((m) => ({ ...m, account_id: accountId, source_name: sourceName, seen_at: now }));
      if (chunk.length > 0) await this.db.insertInto("source_machines").values(chunk).execute();
    }
  }

  async recordRefresh(accountId: string, sourceName: string, outcome: { at: number; status: string; message: string }): Promise<void> {
    await this.db
      .updateTable("machine_sources")
      .set({ last_refresh_at: outcome.at, last_status: outcome.status, last_message: outcome.message })
      .where("account_id", "=", accountId)
      .where("source_name", "=", sourceName)
      .execute();
  }

  async machines(accountId: string): Promise<MachineRow[]> {
    return this.db
      .selectFrom("source_machines")
      .selectAll()
      .where("account_id", "=", accountId)
      .orderBy("region")
      .orderBy("machine_id")
      .orderBy("source_name")
      .execute();
  }
}
