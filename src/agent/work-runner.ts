/**
 * @module The agent's side of Run Command. Work is claimed in the journal before it runs, so a redelivery never runs
 * it twice: work already done is answered with its recorded result, and work claimed by an agent that died is
 * reported failed instead of run again. Results (and full output, when the command wants it in a bucket) are sent
 * until the server acknowledges them, across reconnects.
 */
import { open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import {
  type AgentMessage,
  type CommandWork,
  type InventoryItemFrame,
  type OutputStream,
  outputChunkBytes,
  outputWindowBytes,
  type ServerMessage,
  type WorkResult,
} from "../protocol/agent/channel.ts";
import type { PatchReport } from "./patching/run-patch-baseline.ts";
import { killLeftovers } from "./step-processes.ts";
import { inventoryPath, outputPath, patchReportPath, runStep } from "./step-runner.ts";
import { WorkJournal } from "./work-journal.ts";

/** The channel as the work runner sees it: one session per WebSocket connection. */
export interface Session {
  send(message: AgentMessage): boolean;
  readonly open: boolean;
}

/**
 * What the server acknowledged of one output stream. `refused` is the size it holds when it answered a chunk without
 * taking it (an ack that does not grow), unless that is the point the upload already went back to: chunks sent before
 * going back are refused too, and must not send the window again.
 */
type Ack = { acked: number; wake: () => void; refused?: number | undefined; rewoundTo?: number | undefined };

/** With no acknowledgement at all for this long, the upload goes back to what the server holds (lost acks). */
const uploadStallMs = 30_000;

const interruptedMessage =
  "The Bosun agent stopped while this command was running (the agent or the machine restarted). " +
  "Its steps were stopped with the agent, and it was not run again, so it cannot run twice; " +
  "check the node and send the command again if needed.";

/** The invocation's StatusDetails from its steps: Cancelled, then Execution Timed Out, Failed, Invalid Platform. */
function invocationOutcome(steps: WorkResult["steps"]): { statusDetails: WorkResult["statusDetails"]; responseCode: number } {
  const ran = steps.filter((s) => s.status !== "Skipped");
  const worst =
    ran.find((s) => s.status === "Cancelled") ??
    ran.find((s) => s.status === "TimedOut") ??
    ran.find((s) => s.status === "Failed" && s.statusDetails !== "Invalid Platform");
  if (worst) return { statusDetails: worst.statusDetails as WorkResult["statusDetails"], responseCode: worst.responseCode };
  if (ran.length > 0 && ran.every((s) => s.statusDetails === "Invalid Platform"))
    return { statusDetails: "Invalid Platform", responseCode: -1 };
  return { statusDetails: "Success", responseCode: ran[ran.length - 1]?.responseCode ?? 0 };
}

export class WorkRunner {
  private readonly journal: WorkJournal;
  private readonly running = new Map<string, AbortController>();
  /** Results not yet acknowledged by the server, with whether their output goes up too. */
  private readonly unacked = new Map<string, { result: WorkResult; upload: boolean }>();
  private readonly reporting = new Set<string>();
  private readonly acks = new Map<string, Ack>();
  private session: Session | undefined;

  constructor(
    private readonly stateDir: string,
    private readonly node: { instanceId: string; region: string; platformType: string },
    private readonly log: Logger,
  ) {
    this.journal = new WorkJournal(join(stateDir, "journal"));
  }

  private workDir(commandId: string): string {
    return join(this.stateDir, "work", commandId);
  }

  async open(): Promise<void> {
    await this.journal.open();
    // Steps die with the agent; anything they left in the background is stopped before the agent does anything else.
    for (const commandId of await this.journal.unfinished()) {
      const killed = await killLeftovers(this.workDir(commandId));
      if (killed > 0) this.log.warn({ commandId, killed }, "stopped what an interrupted command left running");
    }
    // Finished entries are kept far longer than any command's deadline (30 days of delivery timeout at most).
    await this.journal.prune(40 * 86_400_000);
  }

  /** A new connection: everything unacknowledged is reported again over it. */
  sessionStarted(session: Session): void {
    this.session = session;
    for (const commandId of this.unacked.keys()) void this.report(commandId);
  }

  handle(message: ServerMessage): void {
    if (message.type === "work") void this.accept(message).catch((error: unknown) => this.log.error({ err: error }, "work failed"));
    else if (message.type === "cancel")
      void this.cancel(message.commandId).catch((error: unknown) => this.log.error({ err: error }, "cancel failed"));
    else if (message.type === "output-ack") {
      const ack = this.acks.get(`${message.commandId}/${message.step}/${message.stream}`);
      if (ack) {
        if (message.size <= ack.acked && message.size !== ack.rewoundTo) ack.refused = message.size;
        ack.acked = Math.max(ack.acked, message.size);
        ack.wake();
      }
    } else if (message.type === "result-ack") {
      this.unacked.delete(message.commandId);
      void rm(this.workDir(message.commandId), { recursive: true, force: true });
    }
  }

  private async accept(work: CommandWork & { type: "work" }): Promise<void> {
    if (this.running.has(work.commandId) || this.reporting.has(work.commandId)) return;
    const state = await this.journal.claim(work.commandId, { documentName: work.documentName });
    if (state === "done") {
      const result = await this.journal.result<WorkResult>(work.commandId);
      if (result) this.finished(result, work.uploadOutput);
      return;
    }
    if (state === "claimed") {
      // Claimed before, not running now: the agent died while running it.
      const now = Date.now();
      const result: WorkResult = {
        commandId: work.commandId,
        statusDetails: "Failed",
        responseCode: -1,
        endedAt: now,
        steps: work.steps.map((s) => ({
          name: s.name,
          action: s.action,
          status: "Failed",
          statusDetails: "Failed",
          responseCode: -1,
          stdout: "",
          stderr: interruptedMessage,
          stdoutBytes: 0,
          stderrBytes: 0,
        })),
      };
      await this.journal.finish(work.commandId, result);
      this.log.warn({ commandId: work.commandId }, "command was interrupted by an agent restart; reported failed, not re-run");
      this.finished(result, false);
      return;
    }
    const controller = new AbortController();
    this.running.set(work.commandId, controller);
    const startedAt = Date.now();
    this.session?.send({ type: "work-accepted", commandId: work.commandId, startedAt });
    this.log.info({ commandId: work.commandId, documentName: work.documentName }, "running command");
    try {
      const steps = [];
      for (const [index, step] of work.steps.entries()) {
        if (controller.signal.aborted) break;
        steps.push(
          await runStep(step, {
            dir: this.workDir(work.commandId),
            index,
            env: { AWS_SSM_INSTANCE_ID: this.node.instanceId, AWS_SSM_REGION_NAME: this.node.region },
            platformType: this.node.platformType,
            stateDir: this.stateDir,
            signal: controller.signal,
          }),
        );
      }
      const outcome = controller.signal.aborted ? { statusDetails: "Cancelled" as const, responseCode: -1 } : invocationOutcome(steps);
      const result: WorkResult = { commandId: work.commandId, ...outcome, startedAt, endedAt: Date.now(), steps };
      await this.journal.finish(work.commandId, result);
      this.finished(result, work.uploadOutput);
    } finally {
      this.running.delete(work.commandId);
    }
  }

  private async cancel(commandId: string): Promise<void> {
    const running = this.running.get(commandId);
    if (running) {
      running.abort();
      return;
    }
    // Not started here: record it as cancelled so a work frame that arrives later is not run.
    if ((await this.journal.claim(commandId, { cancelled: true })) === "new") {
      const result: WorkResult = { commandId, statusDetails: "Cancelled", responseCode: -1, endedAt: Date.now(), steps: [] };
      await this.journal.finish(commandId, result);
    }
  }

  private finished(result: WorkResult, upload: boolean): void {
    this.unacked.set(result.commandId, { result, upload });
    void this.report(result.commandId);
  }

  /** Sends the output (if wanted) and then the result over the current session; a new session starts over. */
  private async report(commandId: string): Promise<void> {
    if (this.reporting.has(commandId)) return;
    const pending = this.unacked.get(commandId);
    const session = this.session;
    if (!pending || !session?.open) return;
    this.reporting.add(commandId);
    try {
      if (pending.upload) {
        for (const [index, step] of pending.result.steps.entries()) {
          if (step.stdoutBytes > 0) await this.upload(session, commandId, index, "stdout", step.stdoutBytes);
          if (step.stderrBytes > 0) await this.upload(session, commandId, index, "stderr", step.stderrBytes);
        }
      }
      // What inventory steps gathered goes up before the result (again on every report: putting it is idempotent).
      for (const [index, step] of pending.result.steps.entries()) {
        if (step.action !== "aws:softwareInventory" || step.status !== "Success") continue;
        const items = await readFile(inventoryPath(this.workDir(commandId), index), "utf8").catch(() => undefined);
        if (items) session.send({ type: "inventory", commandId, items: JSON.parse(items) as InventoryItemFrame[] });
      }
      for (const [index, step] of pending.result.steps.entries()) {
        if (step.action !== "aws:runPatchBaseline" || step.status !== "Success") continue;
        const report = await readFile(patchReportPath(this.workDir(commandId), index), "utf8").catch(() => undefined);
        if (report) session.send({ type: "patch", commandId, ...(JSON.parse(report) as PatchReport) });
      }
      if (session.open) session.send({ type: "result", ...pending.result });
    } catch (error) {
      this.log.warn({ err: error, commandId }, "reporting a result failed; it is sent again on the next connection");
    } finally {
      this.reporting.delete(commandId);
    }
    // The connection changed while reporting: report again over the new one.
    if (this.session !== session && this.unacked.has(commandId)) void this.report(commandId);
  }

  /** Streams a file in chunks, never more than the window ahead of the server's acknowledgements. */
  private async upload(session: Session, commandId: string, step: number, stream: OutputStream, size: number): Promise<void> {
    const key = `${commandId}/${step}/${stream}`;
    const ack: Ack = { acked: 0, wake: () => {} };
    this.acks.set(key, ack);
    let file: Awaited<ReturnType<typeof open>>;
    try {
      file = await open(outputPath(this.workDir(commandId), step, stream), "r");
    } catch (error) {
      // The output is gone (removed by hand, or a disk problem): the result still goes up, without it.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        this.log.warn({ commandId, step, stream }, "output file missing; reporting the result without it");
        this.acks.delete(key);
        return;
      }
      throw error;
    }
    try {
      const buffer = Buffer.alloc(outputChunkBytes);
      let offset = 0;
      let progressAt = Date.now();
      while (ack.acked < size) {
        if (!session.open) throw new Error("connection closed during upload");
        if (offset < size && offset - ack.acked < outputWindowBytes) {
          const { bytesRead } = await file.read(buffer, 0, Math.min(outputChunkBytes, size - offset), offset);
          if (bytesRead === 0) throw new Error("output file is shorter than recorded");
          session.send({ type: "output", commandId, step, stream, offset, data: buffer.subarray(0, bytesRead).toString("base64") });
          offset += bytesRead;
          continue;
        }
        const before = ack.acked;
        await new Promise<void>((resolve) => {
          ack.wake = resolve;
          setTimeout(resolve, 1_000).unref();
        });
        if (ack.acked > before) progressAt = Date.now();
        // The server refused a chunk (it holds less than was sent), or nothing was acknowledged for a long time: go on
        // from what it holds. A slow server is not a refusal: resending on a timer would queue the window again and
        // again on a busy server.
        const stalled = Date.now() - progressAt > uploadStallMs;
        if ((ack.refused !== undefined || stalled) && offset > ack.acked) {
          offset = ack.acked;
          ack.rewoundTo = ack.acked;
          progressAt = Date.now();
        }
        ack.refused = undefined;
      }
    } finally {
      await file.close();
      this.acks.delete(key);
    }
  }
}
