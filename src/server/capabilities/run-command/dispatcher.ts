/**
 * @module The dispatcher: moves each unfinished command forward. It releases invocations up to MaxConcurrency,
 * delivers them to connected nodes (Delayed when a node is away, which frees its slot), stops at MaxErrors, expires what missed its
 * deadline, and keeps the command's counts and status. Everything it decides is read from and written to the
 * database, so a restarted server picks up where the last one stopped.
 */
import type { CommandWork, WorkStep } from "../../../protocol/agent/channel.ts";
import type { Logger } from "../../core/log.ts";
import type { AgentGateway, InstanceRow, InstanceStore } from "../managed-nodes/index.ts";
import { commandCounts, commandDetails, commandFinished, type DetailCounts, errorsExceeded } from "./command-statuses.ts";
import type { CommandRow, CommandStore, InvocationChange, InvocationRow } from "./command-store.ts";
import { concurrencyLimit, errorLimit } from "./rate-control.ts";

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

/**
 * Completes a plugin's step for one node when the work is sent, from what only the server knows of that node (the
 * patch baseline its patch group names, for aws:runPatchBaseline). Registered by the capability that owns the plugin.
 */
export type StepPreparer = (node: InstanceRow, step: WorkStep) => Promise<WorkStep>;

export class Dispatcher {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  /** When each (command, node) was last sent its work frame by this process. */
  private readonly sentAt = new Map<string, number>();
  /** Plugins whose steps are completed per node as they are sent. */
  readonly preparers = new Map<string, StepPreparer>();

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
      if (row.status_details === "In Progress") await this.sendWork(command, row);
      else this.kick(row.command_id);
    }
  }

  private async sendWork(command: CommandRow, row: InvocationRow, node?: InstanceRow): Promise<boolean> {
    const work = workFor(command);
    if (work.steps.some((step) => this.preparers.has(step.action))) {
      const target = node ?? (await this.instances.getForAgent(row.instance_id));
      if (target) work.steps = await Promise.all(work.steps.map((step) => this.preparers.get(step.action)?.(target, step) ?? step));
    }
    const sent = this.gateway.send(row.instance_id, { type: "work", ...work });
    if (sent) this.sentAt.set(`${row.command_id}/${row.instance_id}`, this.now());
    return sent;
  }

  private async pass(commandId: string): Promise<void> {
    const command = await this.store.getById(commandId);
    if (!command || command.finished) return;
    const now = this.now();
    if (now >= command.expires_at) await this.store.endOpen(commandId, "Delivery Timed Out", "all", now);

    let { counts } = await this.store.detailCounts(commandId);
    const targets = commandCounts(counts).targetCount;
    const limit = concurrencyLimit(command.max_concurrency, targets);
    // A node found offline while this pass delivers frees its slot at once, so release and deliver go round until no
    // new node turns out to be away (at most once per target).
    for (let round = 0; round <= targets; round++) {
      const current = await this.store.detailCounts(commandId);
      counts = current.counts;
      // What waits to start (Pending or Delayed) and the slots in use, read once a round; a release adds to both.
      let waiting = await this.store.undelivered(commandId);
      let taken = slotsTaken(current.releasedOpen, counts);
      if (current.unreleased > 0 && !command.cancel_requested) {
        if (errorsExceeded(counts, errorLimit(command.max_errors, targets))) {
          await this.store.endOpen(commandId, "Terminated", "unreleased", now);
        } else {
          // Delayed nodes that are back come first: the slots they will take are not released to new nodes.
          const back = waiting.filter((r) => r.status_details === "Delayed" && this.gateway.isConnected(r.instance_id)).length;
          const released = await this.store.release(commandId, limit - taken - back);
          waiting = [...waiting, ...released];
          taken += released.length;
        }
      }
      if (command.cancel_requested) break;
      const newlyAway = await this.deliver(command, now, limit, waiting, taken);
      if (newlyAway === 0 || current.unreleased === 0) break;
    }

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

  /**
   * Sends released, not yet started invocations to their nodes; the ones that cannot run there end now. A node that is
   * away becomes Delayed and gives its slot back; a Delayed node that is connected again takes a free slot (so
   * MaxConcurrency is never exceeded). Returns how many nodes this delivery found away.
   */
  private async deliver(
    command: CommandRow,
    now: number,
    limit: number,
    waiting: readonly InvocationRow[],
    slotsInUse: number,
  ): Promise<number> {
    if (waiting.length === 0) return 0;
    let taken = slotsInUse;
    let away = 0;
    const nodes = await this.instances.getManyForAgent(waiting.map((r) => r.instance_id));
    const platforms = JSON.parse(command.platform_types) as string[];
    const changes: InvocationChange[] = [];
    const set = (row: InvocationRow, fields: InvocationChange["set"]) =>
      changes.push({ commandId: row.command_id, instanceId: row.instance_id, set: fields });
    // Pending ones hold their slots already; Delayed ones (in target order) wait for a free one.
    const ordered = [...waiting].sort(
      (a, b) => Number(a.status_details === "Delayed") - Number(b.status_details === "Delayed") || a.seq - b.seq,
    );
    for (const row of ordered) {
      const delayed = row.status_details === "Delayed";
      const node = nodes.get(row.instance_id);
      if (!node || (node.platform_type && !platforms.includes(node.platform_type))) {
        set(row, { status_details: node ? "Invalid Platform" : "Undeliverable", terminal: 1, ended_at: now });
        if (!delayed) taken--;
        continue;
      }
      if (delayed && (taken >= limit || !this.gateway.isConnected(row.instance_id))) continue;
      const last = this.sentAt.get(`${row.command_id}/${row.instance_id}`);
      if (!delayed && last !== undefined && now - last < resendAfterMs && this.gateway.isConnected(row.instance_id)) continue;
      if (await this.sendWork(command, row, node)) {
        if (delayed) {
          set(row, { status_details: "Pending" });
          taken++;
        }
      } else if (!delayed) {
        set(row, { status_details: "Delayed" });
        taken--;
        away++;
      }
    }
    await this.store.apply(changes);
    return away;
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

/**
 * The slots of MaxConcurrency in use: released invocations that are waiting to start or running. A Delayed one (its
 * node away) holds none, as in SSM, where an offline node never keeps an online one waiting (decision 006).
 */
const slotsTaken = (releasedOpen: number, counts: DetailCounts): number => releasedOpen - (counts.Delayed ?? 0);

const isByTag = (command: CommandRow): boolean =>
  (JSON.parse(command.targets) as { Key: string }[]).some((t) => t.Key.startsWith("tag:") || t.Key === "tag-key");
