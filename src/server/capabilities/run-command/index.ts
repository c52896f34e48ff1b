/** @module Run Command: commands sent to many nodes under rate control, delivered durably, with their output. */
import { join } from "node:path";
import type { ActionContext } from "../../core/api/action.ts";
import type { BlobStores } from "../../core/blobs/blob-store.ts";
import type { Capability, CoreServices } from "../../core/capability.ts";
import type { Scope } from "../../core/store/scope.ts";
import type { BucketAccess } from "../buckets/index.ts";
import { type DocumentsCapability, parseContent, renderCommandSteps, resolveParameters } from "../documents/index.ts";
import type { ManagedNodesCapability } from "../managed-nodes/index.ts";
import type { ParametersCapability } from "../parameters/index.ts";
import type { TagsCapability } from "../tags/index.ts";
import { cancelCommandAction } from "./actions/cancel-command.ts";
import { getCommandInvocationAction } from "./actions/get-command-invocation.ts";
import { listCommandInvocationsAction } from "./actions/list-command-invocations.ts";
import { listCommandsAction } from "./actions/list-commands.ts";
import { sendCommandAction } from "./actions/send-command.ts";
import { agentReports, type InvocationListener } from "./agent-reports.ts";
import { type CommandRow, CommandStore, type InvocationRow } from "./command-store.ts";
import { type CommandRequest, createCommand } from "./create-command.ts";
import { Dispatcher, type StepPreparer } from "./dispatcher.ts";
import { runCommandMigrations } from "./migrations.ts";
import { OutputStaging } from "./output-staging.ts";
import type { RunCommandDeps } from "./run-command-shapes.ts";
import { associationSsmLookup, callerSsmLookup } from "./ssm-references.ts";

export type { FinishedInvocation, InvocationListener } from "./agent-reports.ts";
export { invocationStatus } from "./command-statuses.ts";
export type { CommandRow, InvocationRow } from "./command-store.ts";
export type { StepPreparer } from "./dispatcher.ts";
export { TargetsShape } from "./run-command-shapes.ts";

export interface RunCommandOptions {
  dataDir: string;
  blobs: BlobStores;
  buckets: BucketAccess;
  /** How often unfinished commands are looked at for deadlines and retries. */
  sweepIntervalMs?: number;
}

export interface RunCommandCapability extends Capability {
  /**
   * Sends a command for another capability (State Manager's association executions). No caller is present: the
   * permission was checked when the association was made. `{{ssm:...}}` may not name a SecureString.
   */
  sendFor(scope: Scope, now: number, request: Omit<CommandRequest, "lookupSsm" | "checkDocument">): Promise<CommandRow>;
  /**
   * Renders a document as a command the caller sends would be, storing nothing: State Manager checks an association's
   * parameters and `{{ssm:...}}` references with the permissions of whoever creates or changes it.
   */
  checkAsCaller(
    ctx: ActionContext,
    request: { documentName: string; documentVersion?: string | undefined; parameters: Record<string, string[]> },
  ): Promise<void>;
  /** Calls `listener` each time a node reports an invocation's result (State Manager records Association compliance). */
  onInvocationFinished(listener: InvocationListener): void;
  /** Completes a plugin's steps per node as work is sent (Patch Manager: the node's baseline for aws:runPatchBaseline). */
  prepareSteps(action: string, preparer: StepPreparer): void;
  invocationsOf(commandId: string): Promise<InvocationRow[]>;
  commandById(commandId: string): Promise<CommandRow | undefined>;
}

export function createRunCommandCapability(
  core: CoreServices,
  parts: { tags: TagsCapability; documents: DocumentsCapability; nodes: ManagedNodesCapability; parameters: ParametersCapability },
  options: RunCommandOptions,
): RunCommandCapability {
  const store = new CommandStore(core.database.db);
  const finishedListeners: InvocationListener[] = [];
  const dispatcher = new Dispatcher(store, parts.nodes.instances, parts.nodes.gateway, core.log, core.now);
  const deps: RunCommandDeps = {
    store,
    documents: parts.documents,
    nodes: parts.nodes,
    tags: parts.tags.store,
    parameters: parts.parameters.lookup,
    blobs: options.blobs,
    dispatcher,
    keyring: core.keyring,
    buckets: options.buckets,
  };
  const reports = agentReports(
    store,
    dispatcher,
    parts.nodes.gateway,
    new OutputStaging(join(options.dataDir, "staging", "command-output")),
    options.blobs,
    options.buckets,
    core.log,
    finishedListeners,
  );
  return {
    name: "run-command",
    migrations: runCommandMigrations,
    actions: [
      sendCommandAction(deps),
      listCommandsAction(deps),
      listCommandInvocationsAction(deps),
      getCommandInvocationAction(deps),
      cancelCommandAction(deps),
    ],
    jobs: [
      // Each replica delivers to the agents connected to it, so each sweeps: deadlines, Delayed work, a restart.
      {
        name: "run-command-sweep",
        intervalMs: options.sweepIntervalMs ?? 1000,
        everyReplica: true,
        atStart: true,
        run: () => dispatcher.sweep(),
      },
    ],
    sendFor: (scope, now, request) =>
      createCommand(deps, scope, now, {
        ...request,
        lookupSsm: associationSsmLookup(deps.parameters, scope),
      }),
    async checkAsCaller(ctx, request) {
      const document = await parts.documents.resolve(ctx, request.documentName, { documentVersion: request.documentVersion });
      const values = resolveParameters(document.selected.parameters, request.parameters);
      await renderCommandSteps(
        parseContent(document.selected.content, document.selected.format),
        values,
        callerSsmLookup(deps.parameters, ctx),
      );
    },
    prepareSteps: (action, preparer) => dispatcher.preparers.set(action, preparer),
    onInvocationFinished: (listener) => finishedListeners.push(listener),
    invocationsOf: (commandId) => store.invocationsOf(commandId),
    commandById: (commandId) => store.getById(commandId),
    async stop() {
      await dispatcher.idle();
      await reports.writer.flushed();
    },
  };
}
