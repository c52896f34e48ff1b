/**
 * @module Statuses as Cloudscape status indicators: nodes' ping status, commands', invocations' and associations',
 * documents' and resource data syncs', compliance's and patches'.
 */
import StatusIndicator, { type StatusIndicatorProps } from "@cloudscape-design/components/status-indicator";

const types: Record<string, StatusIndicatorProps.Type> = {
  Online: "success",
  ConnectionLost: "warning",
  Inactive: "stopped",
  Success: "success",
  Failed: "error",
  TimedOut: "error",
  Cancelled: "stopped",
  Cancelling: "in-progress",
  InProgress: "in-progress",
  Pending: "pending",
  Delayed: "pending",
  Undeliverable: "error",
  Terminated: "stopped",
  Skipped: "info",
  // Documents' and resource data syncs' own words.
  Active: "success",
  Creating: "in-progress",
  Updating: "in-progress",
  Successful: "success",
  // Sessions'.
  Connected: "success",
  Connecting: "in-progress",
  Disconnected: "warning",
  Terminating: "in-progress",
  // Compliance's, and patches' states.
  Compliant: "success",
  "Non-compliant": "error",
  INSTALLED: "success",
  INSTALLED_OTHER: "info",
  INSTALLED_PENDING_REBOOT: "warning",
  INSTALLED_REJECTED: "warning",
  MISSING: "error",
  FAILED: "error",
  NOT_APPLICABLE: "stopped",
  AVAILABLE_SECURITY_UPDATE: "warning",
};

export function Status({ of }: { of: string | undefined }) {
  return <StatusIndicator type={types[of ?? ""] ?? "pending"}>{of ?? "-"}</StatusIndicator>;
}

/** A command or invocation status that will not change any more. */
export const finished = (status: string | undefined) =>
  status !== undefined && !["Pending", "InProgress", "Delayed", "Cancelling"].includes(status);
