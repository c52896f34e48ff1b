/**
 * @module The dispatcher: moves each unfinished command forward. It releases invocations under rate control,
 * delivers them to connected nodes (Delayed when a node is away), stops at MaxErrors, expires what missed its
 * deadline, and keeps the command's counts and status. Everything it decides is read from and written to the
 * database, so a restarted server picks up where the last one stopped.
 */
import type { CommandWork, WorkStep } from "../../../protocol/agent/channel.ts";
import type { Logger } from "../../core/log.ts";
import type { AgentGateway, InstanceStore } from "../managed-nodes/index.ts";
import { commandCounts, commandDetails, commandFinished, errorsExceeded } from "./command-statuses.ts";
import type { CommandRow, CommandStore, InvocationChange, InvocationRow } from "./command-store.ts";
import { concurrencyLimit, errorLimit, inFlightAllowed } from "./rate-control.ts";

/** A node that got a work frame but has not answered is sent it again after this long. */
const resendAfterMs = 30_000;

export function workFor(command: CommandRow): CommandWork {
  return {
    commandId: command.command_id,
    documentName: command.document_name,
    steps: JSON.parse(command.steps) as WorkStep[],
    uploadOutput: command.output_bucket !== null,
  };
}

export class Dispatcher {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  /** When each (command, node) was last sent its work frame by this process. */
  private readonly sentAt = new Map<string, number>();

  constructor(
    private readonly store: CommandStore,
    private readonly instances: InstanceStore,
    private readonly gateway: AgentGateway,
    private readonly log: Logger,
    /** The server's clock: deadlines, resends and end times follow it. */
    private readonly now: () => number,
  ) {}

  /** Schedules a pass over a command; passes over one command never overlap, and kicks during one coalesce. */
  kick(commandId: string): void {
    if (this.running.has(commandId)) {
      this.again.add(commandId);
      return;
    }
    const pass = this.pass(commandId)
      .catch((error: unknown) => this.log.error({ err: error, commandId }, "command dispatch failed"))
      .finally(() => {
        this.running.delete(commandId);
        if (this.again.delete(commandId)) this.kick(commandId);
      });
    this.running.set(commandId, pass);
  }

  /** Every unfinished command gets a pass: deadlines, retries of Delayed work, and resumption after a restart. */
  async sweep(): Promise<void> {
    for (const id of await this.store.unfinishedIds()) this.kick(id);
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  /** A node connected: send it everything released for it that is still open, including work it may be running. */
  async nodeConnected(instanceId: string): Promise<void> {
    const open = await this.store.openForNode(instanceId);
    const commands = await this.store.commandsById(open.map((r) => r.command_id));
    for (const row of open) {
      const command = commands.get(row.command_id);
      if (!command || command.finished) continue;
      if (row.status_details === "In Progress") this.sendWork(command, row);
      else this.kick(row.command_id);
    }
  }

  private sendWork(command: CommandRow, row: InvocationRow): boolean {
    const sent = this.gateway.send(row.instance_id, { type: "work", ...workFor(command) });
    if (sent) this.sentAt.set(`${row.command_id}/${row.instance_id}`, this.now());
    return sent;
  }

  private async pass(commandId: string): Promise<void> {
    const command = await this.store.getById(commandId);
    if (!command || command.finished) return;
    const now = this.now();
    if (now >= command.expires_at) await this.store.endOpen(commandId, "Delivery Timed Out", "all", now);

    let { counts, releasedOpen, unreleased } = await this.store.detailCounts(commandId);
    const targets = commandCounts(counts).targetCount;
    if (unreleased > 0 && !command.cancel_requested) {
      if (errorsExceeded(counts, errorLimit(command.max_errors, targets))) {
        await this.store.endOpen(commandId, "Terminated", "unreleased", now);
      } else {
        const allowed = inFlightAllowed(concurrencyLimit(command.max_concurrency, targets), commandCounts(counts).completedCount);
        await this.store.release(commandId, allowed - releasedOpen);
      }
    }
    if (!command.cancel_requested) await this.deliver(command, now);

    ({ counts } = await this.store.detailCounts(commandId));
    const details = commandDetails(counts, errorLimit(command.max_errors, targets), command.cancel_requested === 1, isByTag(command));
    const summary = commandCounts(counts);
    const finished = commandFinished(details) ? 1 : 0;
    if (
      details !== command.status_details ||
      finished !== command.finished ||
      summary.completedCount !== command.completed_count ||
      summary.errorCount !== command.error_count ||
      summary.deliveryTimedOutCount !== command.delivery_timed_out_count
    ) {
      await this.store.updateSummary(commandId, {
        status_details: details,
        target_count: summary.targetCount,
        completed_count: summary.completedCount,
        error_count: summary.errorCount,
        delivery_timed_out_count: summary.deliveryTimedOutCount,
        finished,
      });
    }
    if (finished) for (const key of this.sentAt.keys()) if (key.startsWith(`${commandId}/`)) this.sentAt.delete(key);
  }

  /** Sends released, not yet started invocations to their nodes; the ones that cannot run there end now. */
  private async deliver(command: CommandRow, now: number): Promise<void> {
    const waiting = await this.store.undelivered(command.command_id);
    if (waiting.length === 0) return;
    const nodes = await this.instances.getManyForAgent(waiting.map((r) => r.instance_id));
    const platforms = JSON.parse(command.platform_types) as string[];
    const changes: InvocationChange[] = [];
    const end = (row: InvocationRow, details: string) =>
      changes.push({
        commandId: row.command_id,
        instanceId: row.instance_id,
        set: { status_details: details, terminal: 1, ended_at: now },
      });
    for (const row of waiting) {
      const node = nodes.get(row.instance_id);
      if (!node) {
        end(row, "Undeliverable");
        continue;
      }
      if (node.platform_type && !platforms.includes(node.platform_type)) {
        end(row, "Invalid Platform");
        continue;
      }
      const last = this.sentAt.get(`${row.command_id}/${row.instance_id}`);
      if (last !== undefined && now - last < resendAfterMs && this.gateway.isConnected(row.instance_id)) continue;
      if (this.sendWork(command, row)) {
        if (row.status_details === "Delayed")
          changes.push({ commandId: row.command_id, instanceId: row.instance_id, set: { status_details: "Pending" } });
      } else if (row.status_details === "Pending") {
        changes.push({ commandId: row.command_id, instanceId: row.instance_id, set: { status_details: "Delayed" } });
      }
    }
    await this.store.apply(changes);
  }

  /** Cancels a command (or some of its nodes): waiting invocations end at once, running ones are told to stop. */
  async cancel(command: CommandRow, instanceIds: readonly string[] | undefined): Promise<void> {
    const open = await this.store.openInvocations(command.command_id, instanceIds);
    const now = this.now();
    const changes: InvocationChange[] = [];
    for (const row of open) {
      this.gateway.send(row.instance_id, { type: "cancel", commandId: row.command_id });
      // Work not started yet cannot run any more: the agent records the cancel before it would claim the work.
      if (row.status_details !== "In Progress")
        changes.push({
          commandId: row.command_id,
          instanceId: row.instance_id,
          set: { status_details: "Cancelled", terminal: 1, ended_at: now },
        });
    }
    await this.store.apply(changes);
    this.kick(command.command_id);
  }
}

const isByTag = (command: CommandRow): boolean =>
  (JSON.parse(command.targets) as { Key: string }[]).some((t) => t.Key.startsWith("tag:") || t.Key === "tag-key");
