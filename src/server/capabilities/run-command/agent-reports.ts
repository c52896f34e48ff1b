/**
 * @module What agents report about their work (started, output chunks, results), registered on the agent gateway. Results are written in groups
 * (one transaction for everything that arrived meanwhile) and acknowledged only once committed, so an agent keeps
 * a result until the server has it for sure.
 */
import type { WorkResult } from "../../../protocol/agent/channel.ts";
import type { BlobStores } from "../../core/blobs/blob-store.ts";
import type { Logger } from "../../core/log.ts";
import { BatchWriter } from "../../core/store/batch-writer.ts";
import { type BucketAccess, bucketRefusal } from "../buckets/index.ts";
import type { AgentGateway } from "../managed-nodes/index.ts";
import type { CommandRow, CommandStore, InvocationChange } from "./command-store.ts";
import { outputKey } from "./command-view.ts";
import type { Dispatcher } from "./dispatcher.ts";
import type { OutputStaging } from "./output-staging.ts";

/** An invocation a node finished (its result arrived), for capabilities that act on it (State Manager's compliance). */
export interface FinishedInvocation {
  command: CommandRow;
  instanceId: string;
  statusDetails: string;
  endedAt: number;
}
export type InvocationListener = (finished: FinishedInvocation) => Promise<void>;

export function agentReports(
  store: CommandStore,
  dispatcher: Dispatcher,
  gateway: AgentGateway,
  staging: OutputStaging,
  blobs: BlobStores,
  buckets: BucketAccess,
  log: Logger,
  finishedListeners: readonly InvocationListener[] = [],
): { writer: BatchWriter<InvocationChange> } {
  const writer = new BatchWriter<InvocationChange>(async (changes) => {
    await store.apply(changes);
  });
  // Commands are immutable apart from their summary: a few recent ones are kept for the output and result paths.
  const recent = new Map<string, CommandRow>();
  async function command(commandId: string): Promise<CommandRow | undefined> {
    const cached = recent.get(commandId);
    if (cached) return cached;
    const row = await store.getById(commandId);
    if (row) {
      recent.set(commandId, row);
      if (recent.size > 256) recent.delete(recent.keys().next().value as string);
    }
    return row;
  }

  async function keepOutput(row: CommandRow, instanceId: string, result: WorkResult): Promise<void> {
    if (!row.output_bucket) return;
    const bucket = row.output_bucket;
    for (const [index, step] of result.steps.entries()) {
      for (const stream of ["stdout", "stderr"] as const) {
        const bytes = stream === "stdout" ? step.stdoutBytes : step.stderrBytes;
        const key = outputKey(row, instanceId, index, stream);
        if (bytes === 0 || !key) continue;
        const path = staging.pathOf(row.command_id, instanceId, index, stream);
        const held = await staging.size(path);
        if (held !== bytes) {
          log.warn(
            { commandId: row.command_id, instanceId, step: step.name, stream, held, bytes },
            "command output incomplete; not stored",
          );
          continue;
        }
        await blobs.forBucket(bucket).putFile({ bucket, key }, path);
      }
    }
    await staging.discard(row.command_id, instanceId);
  }

  /**
   * Stores the output; a destination that refuses it (a folder where the key should be, a bucket that is gone) makes
   * the invocation Failed with the reason, instead of a result the agent would resend forever.
   */
  async function storeOutput(row: CommandRow, instanceId: string, result: WorkResult): Promise<string | undefined> {
    try {
      // The bucket's owner may have withdrawn its policy since the command was sent.
      if (row.output_bucket && !(await buckets.mayWrite(row.account_id, row.output_bucket))) {
        await staging.discard(row.command_id, instanceId);
        return `Bosun could not store this output: ${bucketRefusal(row.output_bucket)}`;
      }
      await keepOutput(row, instanceId, result);
      return undefined;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as { name?: string }).name ?? "error";
      log.warn({ commandId: row.command_id, instanceId, code }, "command output could not be stored");
      await staging.discard(row.command_id, instanceId).catch(() => {});
      // The reason without the server's paths: the bucket and the error's code.
      return `Bosun could not store this output in the bucket ${row.output_bucket} (${code}).`;
    }
  }

  gateway.onConnected((instanceId) => {
    dispatcher.nodeConnected(instanceId).catch((error: unknown) => log.error({ err: error, instanceId }, "redelivery failed"));
  });
  gateway.onFrame("work-accepted", async (instanceId, message) => {
    await writer.submit({
      commandId: message.commandId,
      instanceId,
      set: { status_details: "In Progress", started_at: Math.round(message.startedAt) },
    });
    dispatcher.kick(message.commandId);
  });
  gateway.onFrame("output", async (instanceId, message) => {
    const row = await command(message.commandId);
    const invocation = row?.output_bucket ? await store.getInvocationById(message.commandId, instanceId) : undefined;
    const data = Buffer.from(message.data, "base64");
    // Output of work this node does not (or no longer) run is acknowledged and dropped.
    const size =
      invocation && !invocation.terminal
        ? await staging.append(message.commandId, instanceId, message.step, message.stream, message.offset, data)
        : message.offset + data.length;
    gateway.send(instanceId, { type: "output-ack", commandId: message.commandId, step: message.step, stream: message.stream, size });
  });
  gateway.onFrame("result", async (instanceId, message) => {
    const row = await command(message.commandId);
    const invocation = row ? await store.getInvocationById(message.commandId, instanceId) : undefined;
    if (row && invocation && !invocation.terminal) {
      const failure = await storeOutput(row, instanceId, message);
      // The reason an output was not stored goes on the last step, which the failure then marks Failed.
      const failedStep = failure ? message.steps.length - 1 : -1;
      const steps = message.steps.map((step, i) => ({
        ...step,
        // A NUL is not text any store keeps (PostgreSQL refuses it): it is shown as the replacement character.
        stdout: step.stdout.replaceAll("\u0000", "\uFFFD"),
        stderr: `${step.stderr}${i === failedStep ? `\n${failure}` : ""}`.replaceAll("\u0000", "\uFFFD"),
        ...(i === failedStep ? { status: "Failed" as const, statusDetails: "Failed" } : {}),
      }));
      await writer.submit({
        commandId: message.commandId,
        instanceId,
        set: {
          status_details: failure ? "Failed" : message.statusDetails,
          terminal: 1,
          started_at: message.startedAt === undefined ? invocation.started_at : Math.round(message.startedAt),
          ended_at: Math.round(message.endedAt),
          response_code: message.responseCode,
          plugins: JSON.stringify(steps),
        },
      });
      const finished = {
        command: row,
        instanceId,
        statusDetails: failure ? "Failed" : message.statusDetails,
        endedAt: Math.round(message.endedAt),
      };
      for (const listener of finishedListeners)
        await listener(finished).catch((error: unknown) =>
          log.warn({ err: error, commandId: message.commandId, instanceId }, "acting on a finished invocation failed"),
        );
    }
    gateway.send(instanceId, { type: "result-ack", commandId: message.commandId });
    dispatcher.kick(message.commandId);
  });
  return { writer };
}
