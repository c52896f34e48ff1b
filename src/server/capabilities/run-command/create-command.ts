/**
 * @module Creates a command: resolves and renders the document, then stores the command and one invocation per node
 * in one transaction before the dispatcher hears of it. SendCommand uses it, and State Manager for its executions.
 */
import { randomUUID } from "node:crypto";
import { InvalidDocument } from "../../../protocol/errors/errors.ts";
import type { Scope } from "../../core/store/scope.ts";
import { parseContent, type ResolvedDocument, renderCommandSteps, resolveParameters, type SsmLookup } from "../documents/index.ts";
import type { InstanceRow } from "../managed-nodes/index.ts";
import { commandCounts, commandDetails } from "./command-statuses.ts";
import type { CommandRow, InvocationRow } from "./command-store.ts";
import type { RunCommandDeps } from "./run-command-shapes.ts";

export const defaultDeliveryTimeoutSeconds = 3600;

export interface CommandRequest {
  /** `api` for SendCommand; `association:<id>/<execution id>` for State Manager (kept out of ListCommands). */
  origin: string;
  documentName: string;
  documentVersion?: string;
  parameters: Record<string, string[]>;
  nodes: InstanceRow[];
  byTag: boolean;
  instanceIds: string[];
  targets: { Key: string; Values: string[] }[];
  timeoutSeconds?: number;
  comment?: string;
  maxConcurrency?: string;
  maxErrors?: string;
  output?: { bucket?: string | undefined; prefix?: string | undefined; region?: string | undefined };
  serviceRole?: string;
  lookupSsm: SsmLookup;
  checkDocument?: (document: ResolvedDocument) => void;
}

export async function createCommand(deps: RunCommandDeps, scope: Scope, now: number, request: CommandRequest): Promise<CommandRow> {
  const document = await deps.documents.resolve(scope, request.documentName, { documentVersion: request.documentVersion });
  // SendCommand runs Command documents; an association also runs Policy documents (AWS-GatherSoftwareInventory), as SSM.
  const runnable = request.origin.startsWith("association:") ? ["Command", "Policy"] : ["Command"];
  if (!runnable.includes(document.documentType))
    throw new InvalidDocument(
      `Document ${document.name} is of type ${document.documentType}; SendCommand runs Command documents${document.documentType === "Policy" ? " (run a Policy document with an association)" : ""}.`,
    );
  request.checkDocument?.(document);
  const values = resolveParameters(document.selected.parameters, request.parameters);
  const steps = await renderCommandSteps(parseContent(document.selected.content, document.selected.format), values, request.lookupSsm);
  const timeoutSeconds = request.timeoutSeconds ?? defaultDeliveryTimeoutSeconds;
  const executionSeconds = steps.reduce((n, s) => n + s.timeoutSeconds, 0);
  const commandId = randomUUID();
  const counts = { Pending: request.nodes.length };
  const command: CommandRow = {
    command_id: commandId,
    account_id: scope.accountId,
    region: scope.region,
    origin: request.origin,
    // A document another account shared is named by its ARN, as the caller sent it: its bare name may be one of the
    // caller's own documents.
    document_name:
      document.builtin || document.owner === scope.accountId
        ? document.name
        : `arn:aws:ssm:${scope.region}:${document.owner}:document/${document.name}`,
    document_version: request.documentVersion ?? "$DEFAULT",
    comment: request.comment ?? "",
    parameters: JSON.stringify(request.parameters),
    instance_ids: JSON.stringify(request.instanceIds),
    targets: JSON.stringify(request.targets),
    steps: JSON.stringify(steps),
    platform_types: JSON.stringify(document.selected.platformTypes),
    requested_at: now,
    // SSM's total timeout: the delivery timeout plus the time the steps may run.
    expires_at: now + (timeoutSeconds + executionSeconds) * 1000,
    timeout_seconds: timeoutSeconds,
    max_concurrency: request.maxConcurrency ?? "50",
    max_errors: request.maxErrors ?? "0",
    output_bucket: request.output?.bucket ?? null,
    output_prefix: request.output?.prefix ?? null,
    output_region: request.output?.region ?? null,
    service_role: request.serviceRole ?? null,
    status_details: commandDetails(counts, 0, false, request.byTag),
    target_count: commandCounts(counts).targetCount,
    completed_count: 0,
    error_count: 0,
    delivery_timed_out_count: 0,
    cancel_requested: 0,
    finished: request.nodes.length === 0 ? 1 : 0,
  };
  const invocations: InvocationRow[] = request.nodes.map((node, seq) => ({
    command_id: commandId,
    instance_id: node.instance_id,
    account_id: scope.accountId,
    region: scope.region,
    origin: request.origin,
    seq,
    instance_name: node.computer_name ?? "",
    requested_at: now,
    status_details: "Pending",
    terminal: 0,
    released: 0,
    started_at: null,
    ended_at: null,
    response_code: -1,
    plugins: null,
  }));
  await deps.store.insert(command, invocations);
  deps.dispatcher.kick(commandId);
  return command;
}
