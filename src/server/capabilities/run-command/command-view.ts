/** @module Commands and invocations as the API shows them, with SSM's output truncation. */
import type { StepResult } from "../../../protocol/agent/channel.ts";
import type { BlobStores } from "../../core/blobs/blob-store.ts";
import { commandStatus, invocationStatus } from "./command-statuses.ts";
import type { CommandRow, InvocationRow } from "./command-store.ts";

export const truncationSuffix = "\n--output truncated--";
export const stdoutLimit = 24_000;
export const stderrLimit = 8_000;
export const pluginOutputLimit = 2_500;

const seconds = (ms: number): number => ms / 1000;

/** The head of a stream, within `limit` characters; marked when the stream was longer. */
export function truncated(head: string, fullBytes: number, limit: number): string {
  const longer = fullBytes > Buffer.byteLength(head) || head.length > limit;
  return longer ? head.slice(0, limit - truncationSuffix.length) + truncationSuffix : head;
}

export function commandView(row: CommandRow) {
  return {
    CommandId: row.command_id,
    DocumentName: row.document_name,
    DocumentVersion: row.document_version,
    Comment: row.comment,
    ExpiresAfter: seconds(row.expires_at),
    Parameters: JSON.parse(row.parameters) as Record<string, string[]>,
    InstanceIds: JSON.parse(row.instance_ids) as string[],
    Targets: JSON.parse(row.targets) as { Key: string; Values: string[] }[],
    RequestedDateTime: seconds(row.requested_at),
    Status: commandStatus(row.status_details),
    StatusDetails: row.status_details,
    OutputS3Region: row.output_region ?? "",
    OutputS3BucketName: row.output_bucket ?? "",
    OutputS3KeyPrefix: row.output_prefix ?? "",
    MaxConcurrency: row.max_concurrency,
    MaxErrors: row.max_errors,
    TargetCount: row.target_count,
    CompletedCount: row.completed_count,
    ErrorCount: row.error_count,
    DeliveryTimedOutCount: row.delivery_timed_out_count,
    ServiceRole: row.service_role ?? "",
    NotificationConfig: { NotificationArn: "", NotificationEvents: [], NotificationType: "" },
    CloudWatchOutputConfig: { CloudWatchLogGroupName: "", CloudWatchOutputEnabled: false },
    TimeoutSeconds: row.timeout_seconds,
  };
}

/** The step results an agent reported; before that, one pending entry per step of the command. */
export function stepResults(command: CommandRow, invocation: InvocationRow): StepResult[] {
  if (invocation.plugins) return JSON.parse(invocation.plugins) as StepResult[];
  const steps = JSON.parse(command.steps) as { name: string; action: string }[];
  return steps.map((s) => ({
    name: s.name,
    action: s.action,
    status: "Pending" as never,
    statusDetails: invocation.status_details,
    responseCode: -1,
    stdout: "",
    stderr: "",
    stdoutBytes: 0,
    stderrBytes: 0,
  }));
}

/** Where a step's full output is kept: SSM's layout, `<prefix>/<command>/<node>/<plugin>/<step>/stdout`. */
export function outputKey(command: CommandRow, instanceId: string, stepIndex: number, stream: "stdout" | "stderr"): string | undefined {
  if (!command.output_bucket) return undefined;
  const steps = JSON.parse(command.steps) as { name: string; action: string }[];
  const step = steps[stepIndex];
  if (!step) return undefined;
  const prefix = command.output_prefix ? `${command.output_prefix.replace(/\/+$/, "")}/` : "";
  return `${prefix}${command.command_id}/${instanceId}/${step.action.replace(":", "")}/${step.name}/${stream}`;
}

function outputUrl(blobs: BlobStores, command: CommandRow, instanceId: string, stepIndex: number, stream: "stdout" | "stderr"): string {
  const key = outputKey(command, instanceId, stepIndex, stream);
  if (!key || !command.output_bucket) return "";
  return blobs.forBucket(command.output_bucket).url({ bucket: command.output_bucket, key }, command.output_region ?? command.region);
}

const pluginStatus = (step: StepResult, invocationDetails: string): string => {
  if ((step.status as string) === "Pending") return invocationStatus(invocationDetails) === "InProgress" ? "InProgress" : "Pending";
  return step.status === "Skipped" ? "Success" : step.status;
};

/** SSM's plugin Output: stdout, then stderr after a marker, within 2,500 characters. */
function pluginOutput(step: StepResult): string {
  const text = step.stderr ? `${step.stdout}\n----------ERROR-------\n${step.stderr}` : step.stdout;
  const longer = step.stdoutBytes + step.stderrBytes > Buffer.byteLength(step.stdout) + Buffer.byteLength(step.stderr);
  return longer || text.length > pluginOutputLimit ? truncated(text, Number.POSITIVE_INFINITY, pluginOutputLimit) : text;
}

export function invocationView(blobs: BlobStores, command: CommandRow, row: InvocationRow, details: boolean) {
  const steps = stepResults(command, row);
  return {
    CommandId: row.command_id,
    InstanceId: row.instance_id,
    InstanceName: row.instance_name,
    Comment: command.comment,
    DocumentName: command.document_name,
    DocumentVersion: command.document_version,
    RequestedDateTime: seconds(row.requested_at),
    Status: invocationStatus(row.status_details),
    StatusDetails: row.status_details,
    TraceOutput: "",
    StandardOutputUrl: steps.length === 1 ? outputUrl(blobs, command, row.instance_id, 0, "stdout") : "",
    StandardErrorUrl: steps.length === 1 ? outputUrl(blobs, command, row.instance_id, 0, "stderr") : "",
    CommandPlugins: details
      ? steps.map((step, i) => ({
          Name: step.name,
          Status: pluginStatus(step, row.status_details),
          StatusDetails: (step.status as string) === "Pending" ? row.status_details : step.statusDetails,
          ResponseCode: step.responseCode,
          ...(step.startedAt !== undefined ? { ResponseStartDateTime: seconds(step.startedAt) } : {}),
          ...(step.endedAt !== undefined ? { ResponseFinishDateTime: seconds(step.endedAt) } : {}),
          Output: pluginOutput(step),
          StandardOutputUrl: outputUrl(blobs, command, row.instance_id, i, "stdout"),
          StandardErrorUrl: outputUrl(blobs, command, row.instance_id, i, "stderr"),
          OutputS3Region: command.output_region ?? command.region,
          OutputS3BucketName: command.output_bucket ?? "",
          OutputS3KeyPrefix: command.output_prefix ?? "",
        }))
      : [],
    ServiceRole: command.service_role ?? "",
    NotificationConfig: { NotificationArn: "", NotificationEvents: [], NotificationType: "" },
    CloudWatchOutputConfig: { CloudWatchLogGroupName: "", CloudWatchOutputEnabled: false },
  };
}

const iso = (ms: number | null | undefined): string => (ms === null || ms === undefined ? "" : new Date(ms).toISOString());
const elapsed = (start?: number | null, end?: number | null): string =>
  start === null || start === undefined || end === null || end === undefined ? "" : `PT${((end - start) / 1000).toFixed(3)}S`;

/** GetCommandInvocation for one step, or for the whole invocation when the document has one step or none is named. */
export function commandInvocationResult(blobs: BlobStores, command: CommandRow, row: InvocationRow, stepIndex: number | undefined) {
  const steps = stepResults(command, row);
  const chosen = stepIndex === undefined ? (steps.length === 1 ? 0 : undefined) : stepIndex;
  const step = chosen === undefined ? undefined : steps[chosen];
  const ran = step ? (step.status as string) !== "Pending" : row.plugins !== null;
  const stdout = step ? step.stdout : steps.map((s) => s.stdout).join("");
  const stderr = step ? step.stderr : steps.map((s) => s.stderr).join("");
  const stdoutBytes = step ? step.stdoutBytes : steps.reduce((n, s) => n + s.stdoutBytes, 0);
  const stderrBytes = step ? step.stderrBytes : steps.reduce((n, s) => n + s.stderrBytes, 0);
  const start = step?.startedAt ?? row.started_at;
  const end = step?.endedAt ?? row.ended_at;
  const status = step && ran ? pluginStatus(step, row.status_details) : invocationStatus(row.status_details);
  return {
    CommandId: row.command_id,
    InstanceId: row.instance_id,
    Comment: command.comment,
    DocumentName: command.document_name,
    DocumentVersion: command.document_version,
    PluginName: step?.name ?? "",
    ResponseCode: step && ran ? step.responseCode : row.response_code,
    ExecutionStartDateTime: iso(start),
    ExecutionElapsedTime: elapsed(start, end),
    ExecutionEndDateTime: iso(end),
    Status: status,
    StatusDetails: step && ran ? step.statusDetails : row.status_details,
    StandardOutputContent: truncated(stdout, stdoutBytes, stdoutLimit),
    StandardOutputUrl: chosen === undefined ? "" : outputUrl(blobs, command, row.instance_id, chosen, "stdout"),
    StandardErrorContent: truncated(stderr, stderrBytes, stderrLimit),
    StandardErrorUrl: chosen === undefined ? "" : outputUrl(blobs, command, row.instance_id, chosen, "stderr"),
    CloudWatchOutputConfig: { CloudWatchLogGroupName: "", CloudWatchOutputEnabled: false },
  };
}
