/**
 * @module Statuses as Cloudscape status indicators: nodes' ping status, commands', invocations' and associations',
 * documents' and resource data syncs'.
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
};

export function Status({ of }: { of: string | undefined }) {
  return <StatusIndicator type={types[of ?? ""] ?? "pending"}>{of ?? "-"}</StatusIndicator>;
}

/** A command or invocation status that will not change any more. */
export const finished = (status: string | undefined) =>
  status !== undefined && !["Pending", "InProgress", "Delayed", "Cancelling"].includes(status);
