/**
 * @module Run Command's statuses as SSM reports them: the detailed wording (StatusDetails) is what Bosun stores; the
 * coarse Status is derived from it, and a command's overall status from its invocations' counts.
 */

export type InvocationDetails =
  | "Pending"
  | "In Progress"
  | "Delayed"
  | "Success"
  | "Delivery Timed Out"
  | "Execution Timed Out"
  | "Failed"
  | "Cancelled"
  | "Undeliverable"
  | "Terminated"
  | "Invalid Platform"
  | "Access Denied";

export type CommandStatus = "Pending" | "InProgress" | "Success" | "Cancelled" | "Failed" | "TimedOut" | "Cancelling";
export type InvocationStatus = CommandStatus | "Delayed";

const invocationStatuses: Record<InvocationDetails, InvocationStatus> = {
  Pending: "Pending",
  "In Progress": "InProgress",
  Delayed: "Delayed",
  Success: "Success",
  "Delivery Timed Out": "TimedOut",
  "Execution Timed Out": "TimedOut",
  Failed: "Failed",
  Cancelled: "Cancelled",
  Undeliverable: "Failed",
  Terminated: "Failed",
  "Invalid Platform": "Failed",
  "Access Denied": "Failed",
};

export const invocationStatus = (details: string): InvocationStatus => invocationStatuses[details as InvocationDetails] ?? "Failed";

export const openDetails: readonly InvocationDetails[] = ["Pending", "In Progress", "Delayed"];
export const isTerminal = (details: string): boolean => !openDetails.includes(details as InvocationDetails);

/** Invocations in these states count against MaxErrors. */
const errorDetails: readonly string[] = ["Failed", "Execution Timed Out"];
/** These neither count as errors nor keep a command from Success, unless every invocation ends so. */
const ignoredDetails: readonly string[] = ["Undeliverable", "Invalid Platform", "Access Denied"];

export type DetailCounts = Partial<Record<InvocationDetails, number>>;

const sum = (counts: DetailCounts, which: readonly string[]): number =>
  which.reduce((n, d) => n + (counts[d as InvocationDetails] ?? 0), 0);

export interface CommandCounts {
  targetCount: number;
  completedCount: number;
  errorCount: number;
  deliveryTimedOutCount: number;
}

export function commandCounts(counts: DetailCounts): CommandCounts {
  const all = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  return {
    targetCount: all,
    completedCount: all - sum(counts, openDetails),
    errorCount: sum(counts, errorDetails),
    deliveryTimedOutCount: counts["Delivery Timed Out"] ?? 0,
  };
}

export const errorsExceeded = (counts: DetailCounts, maxErrors: number): boolean => sum(counts, errorDetails) > maxErrors;

/** The command's StatusDetails while it runs, or once every invocation is terminal. */
export function commandDetails(counts: DetailCounts, maxErrors: number, cancelRequested: boolean, targetedByTag: boolean): string {
  const { targetCount, completedCount } = commandCounts(counts);
  if (completedCount < targetCount) {
    if (cancelRequested) return "Cancelling";
    return (counts.Pending ?? 0) + (counts.Delayed ?? 0) === targetCount ? "Pending" : "In Progress";
  }
  if (cancelRequested) return "Cancelled";
  if (targetCount === 0) return targetedByTag ? "No Instances In Tag" : "Success";
  if (errorsExceeded(counts, maxErrors)) return (counts.Failed ?? 0) > 0 ? "Failed" : "Execution Timed Out";
  const considered = targetCount - sum(counts, ignoredDetails);
  if (considered === 0) return "Failed";
  if ((counts.Success ?? 0) === considered) return "Success";
  if ((counts["Delivery Timed Out"] ?? 0) === considered) return "Delivery Timed Out";
  return "Incomplete";
}

const commandStatuses: Record<string, CommandStatus> = {
  Pending: "Pending",
  "In Progress": "InProgress",
  Cancelling: "Cancelling",
  Cancelled: "Cancelled",
  Success: "Success",
  "No Instances In Tag": "Success",
  Failed: "Failed",
  Incomplete: "Failed",
  "Execution Timed Out": "TimedOut",
  "Delivery Timed Out": "TimedOut",
};

export const commandStatus = (details: string): CommandStatus => commandStatuses[details] ?? "Failed";

export const commandFinished = (details: string): boolean => !["Pending", "In Progress", "Cancelling"].includes(details);
