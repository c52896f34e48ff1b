/** @module Reads and writes of commands and invocations; API reads are scoped by account and region. */

import { sql } from "kysely";
import { inScope, type Scope } from "../../core/store/scope.ts";
import { TransactionalStore } from "../../core/store/transactional-store.ts";
import type { DetailCounts } from "./command-statuses.ts";

export interface CommandRow {
  command_id: string;
  account_id: string;
  region: string;
  origin: string;
  document_name: string;
  document_version: string;
  comment: string;
  parameters: string;
  instance_ids: string;
  targets: string;
  steps: string;
  platform_types: string;
  requested_at: number;
  expires_at: number;
  timeout_seconds: number;
  max_concurrency: string;
  max_errors: string;
  output_bucket: string | null;
  output_prefix: string | null;
  output_region: string | null;
  service_role: string | null;
  status_details: string;
  target_count: number;
  completed_count: number;
  error_count: number;
  delivery_timed_out_count: number;
  cancel_requested: number;
  finished: number;
}

export interface InvocationRow {
  command_id: string;
  instance_id: string;
  account_id: string;
  region: string;
  origin: string;
  seq: number;
  instance_name: string;
  requested_at: number;
  status_details: string;
  terminal: number;
  released: number;
  started_at: number | null;
  ended_at: number | null;
  response_code: number;
  plugins: string | null;
}

type Tables = { commands: CommandRow; command_invocations: InvocationRow };

/** A change to one invocation; applied only while the invocation is still open. */
export interface InvocationChange {
  commandId: string;
  instanceId: string;
  set: Partial<Pick<InvocationRow, "status_details" | "terminal" | "started_at" | "ended_at" | "response_code" | "plugins">>;
}

export type CommandSummary = Pick<
  CommandRow,
  "status_details" | "target_count" | "completed_count" | "error_count" | "delivery_timed_out_count" | "finished"
>;

const insertBatch = 500;

export class CommandStore extends TransactionalStore<Tables> {
  async insert(command: CommandRow, invocations: InvocationRow[]): Promise<void> {
    await this.transaction(async (store) => {
      await store.db.insertInto("commands").values(command).execute();
      for (let i = 0; i < invocations.length; i += insertBatch)
        await store.db
          .insertInto("command_invocations")
          .values(invocations.slice(i, i + insertBatch))
          .execute();
    });
  }

  async get(scope: Scope, commandId: string): Promise<CommandRow | undefined> {
    return this.db.selectFrom("commands").selectAll().where("command_id", "=", commandId).$call(inScope(scope)).executeTakeFirst();
  }

  /** The dispatcher's lookup, by id alone. */
  async getById(commandId: string): Promise<CommandRow | undefined> {
    return this.db.selectFrom("commands").selectAll().where("command_id", "=", commandId).executeTakeFirst();
  }

  async unfinishedIds(): Promise<string[]> {
    const rows = await this.db.selectFrom("commands").select("command_id").where("finished", "=", 0).execute();
    return rows.map((r) => r.command_id);
  }

  async detailCounts(commandId: string): Promise<{ counts: DetailCounts; releasedOpen: number; unreleased: number }> {
    const rows = await this.db
      .selectFrom("command_invocations")
      .select(["status_details", "released", "terminal", (eb) => eb.fn.countAll<number>().as("n")])
      .where("command_id", "=", commandId)
      .groupBy(["status_details", "released", "terminal"])
      .execute();
    const counts: DetailCounts = {};
    let releasedOpen = 0;
    let unreleased = 0;
    for (const row of rows) {
      const n = Number(row.n);
      const key = row.status_details as keyof DetailCounts;
      counts[key] = (counts[key] ?? 0) + n;
      if (row.terminal === 0 && Number(row.released) === 1) releasedOpen += n;
      if (row.terminal === 0 && Number(row.released) === 0) unreleased += n;
    }
    return { counts, releasedOpen, unreleased };
  }

  /** Lets the next `count` waiting invocations go, in order; returns them. */
  async release(commandId: string, count: number): Promise<InvocationRow[]> {
    if (count <= 0) return [];
    const next = await this.db
      .selectFrom("command_invocations")
      .selectAll()
      .where("command_id", "=", commandId)
      .where("released", "=", 0)
      .where("terminal", "=", 0)
      .orderBy("seq")
      .limit(count)
      .execute();
    const last = next[next.length - 1];
    if (!last) return [];
    await this.db
      .updateTable("command_invocations")
      .set({ released: 1 })
      .where("command_id", "=", commandId)
      .where("released", "=", 0)
      .where("terminal", "=", 0)
      .where("seq", "<=", last.seq)
      .execute();
    return next;
  }

  /** Released invocations a node has not started yet (Pending or Delayed): the ones to (re)deliver. */
  async undelivered(commandId: string): Promise<InvocationRow[]> {
    return this.db
      .selectFrom("command_invocations")
      .selectAll()
      .where("command_id", "=", commandId)
      .where("released", "=", 1)
      .where("status_details", "in", ["Pending", "Delayed"])
      .execute();
  }

  /** Everything released and open for a node, across commands: what it is sent again when it connects. */
  async openForNode(instanceId: string): Promise<InvocationRow[]> {
    return this.db
      .selectFrom("command_invocations")
      .selectAll()
      .where("instance_id", "=", instanceId)
      .where("terminal", "=", 0)
      .where("released", "=", 1)
      .execute();
  }

  async openInvocations(commandId: string, instanceIds?: readonly string[]): Promise<InvocationRow[]> {
    return this.db
      .selectFrom("command_invocations")
      .selectAll()
      .where("command_id", "=", commandId)
      .where("terminal", "=", 0)
      .$if(instanceIds !== undefined, (q) => q.where("instance_id", "in", instanceIds ?? []))
      .execute();
  }

  /** Applies changes in one transaction; each touches its invocation only while it is open. */
  async apply(changes: readonly InvocationChange[]): Promise<number> {
    if (changes.length === 0) return 0;
    return this.transaction(async (store) => {
      let applied = 0;
      for (const change of changes) {
        const result = await store.db
          .updateTable("command_invocations")
          .set(change.set)
          .where("command_id", "=", change.commandId)
          .where("instance_id", "=", change.instanceId)
          .where("terminal", "=", 0)
          .executeTakeFirst();
        applied += Number(result.numUpdatedRows);
      }
      return applied;
    });
  }

  /** Ends every open invocation of a command that matches `where` with one status (expiry, MaxErrors, cancel). */
  async endOpen(commandId: string, details: string, which: "all" | "unreleased" | "undelivered", now: number): Promise<number> {
    const result = await this.db
      .updateTable("command_invocations")
      .set({ status_details: details, terminal: 1, ended_at: now })
      .where("command_id", "=", commandId)
      .where("terminal", "=", 0)
      .$if(which === "unreleased", (q) => q.where("released", "=", 0))
      .$if(which === "undelivered", (q) => q.where("status_details", "in", ["Pending", "Delayed"]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async updateSummary(commandId: string, summary: CommandSummary): Promise<void> {
    await this.db.updateTable("commands").set(summary).where("command_id", "=", commandId).execute();
  }

  async requestCancel(commandId: string): Promise<void> {
    await this.db.updateTable("commands").set({ cancel_requested: 1 }).where("command_id", "=", commandId).execute();
  }

  async getInvocation(scope: Scope, commandId: string, instanceId: string): Promise<InvocationRow | undefined> {
    return this.db
      .selectFrom("command_invocations")
      .selectAll()
      .where("command_id", "=", commandId)
      .where("instance_id", "=", instanceId)
      .$call(inScope(scope))
      .executeTakeFirst();
  }

  /** Every invocation of a command (State Manager reads its executions' targets this way). */
  async invocationsOf(commandId: string): Promise<InvocationRow[]> {
    return this.db.selectFrom("command_invocations").selectAll().where("command_id", "=", commandId).orderBy("seq").execute();
  }

  async getInvocationById(commandId: string, instanceId: string): Promise<InvocationRow | undefined> {
    return this.db
      .selectFrom("command_invocations")
      .selectAll()
      .where("command_id", "=", commandId)
      .where("instance_id", "=", instanceId)
      .executeTakeFirst();
  }

  /** Commands newest first, after a keyset position. */
  async listCommands(
    scope: Scope,
    query: { commandId?: string; instanceId?: string },
    after: { at: number; id: string } | undefined,
    limit: number,
  ): Promise<CommandRow[]> {
    let q = this.db.selectFrom("commands").selectAll("commands").$call(inScope(scope));
    if (query.commandId) q = q.where("commands.command_id", "=", query.commandId);
    if (query.instanceId) {
      const instanceId = query.instanceId;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom("command_invocations")
            .select(sql.lit(1).as("one"))
            .whereRef("command_invocations.command_id", "=", "commands.command_id")
            .where("command_invocations.instance_id", "=", instanceId),
        ),
      );
    }
    if (after)
      q = q.where((eb) =>
        eb.or([
          eb("commands.requested_at", "<", after.at),
          eb.and([eb("commands.requested_at", "=", after.at), eb("commands.command_id", "<", after.id)]),
        ]),
      );
    return q.orderBy("commands.requested_at", "desc").orderBy("commands.command_id", "desc").limit(limit).execute();
  }

  /** Invocations newest first, after a keyset position. */
  async listInvocations(
    scope: Scope,
    query: { commandId?: string; instanceId?: string },
    after: { at: number; command: string; instance: string } | undefined,
    limit: number,
  ): Promise<InvocationRow[]> {
    let q = this.db.selectFrom("command_invocations").selectAll().$call(inScope(scope));
    if (query.commandId) q = q.where("command_id", "=", query.commandId);
    if (query.instanceId) q = q.where("instance_id", "=", query.instanceId);
    if (after)
      q = q.where((eb) =>
        eb.or([
          eb("requested_at", "<", after.at),
          eb.and([
            eb("requested_at", "=", after.at),
            eb.or([
              eb("command_id", "<", after.command),
              eb.and([eb("command_id", "=", after.command), eb("instance_id", ">", after.instance)]),
            ]),
          ]),
        ]),
      );
    return q.orderBy("requested_at", "desc").orderBy("command_id", "desc").orderBy("instance_id").limit(limit).execute();
  }

  async commandsById(ids: readonly string[]): Promise<Map<string, CommandRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom("commands")
      .selectAll()
      .where("command_id", "in", [...new Set(ids)])
      .execute();
    return new Map(rows.map((r) => [r.command_id, r]));
  }
}
