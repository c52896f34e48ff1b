/** @module A node's row → the model's InstanceInformation, with PingStatus derived from its last heartbeat. */
import type { InstanceRow } from "./instance-store.ts";

export type PingStatus = "Online" | "ConnectionLost" | "Inactive";

/** When a node counts as Online: it was heard from within `lostAfterMs` (three heartbeats). */
export interface PingClock {
  now: number;
  lostAfterMs: number;
}

/** Online while heartbeats arrive; ConnectionLost once three are missed (or before the first); Inactive once terminated. */
export function pingStatus(row: InstanceRow, clock: PingClock): PingStatus {
  if (row.terminated_at !== null) return "Inactive";
  return row.last_ping_at !== null && clock.now - row.last_ping_at <= clock.lostAfterMs ? "Online" : "ConnectionLost";
}

const optional = <K extends string>(key: K, value: string | null) => (value === null ? {} : ({ [key]: value } as Record<K, string>));

export function instanceInformation(row: InstanceRow, clock: PingClock, latestAgentVersion: string) {
  return {
    InstanceId: row.instance_id,
    PingStatus: pingStatus(row, clock),
    ...(row.last_ping_at !== null ? { LastPingDateTime: row.last_ping_at / 1000 } : {}),
    ...optional("AgentVersion", row.agent_version),
    ...(row.agent_version !== null ? { IsLatestVersion: row.agent_version === latestAgentVersion } : {}),
    ...optional("PlatformType", row.platform_type),
    ...optional("PlatformName", row.platform_name),
    ...optional("PlatformVersion", row.platform_version),
    ActivationId: row.activation_id,
    IamRole: row.iam_role,
    RegistrationDate: row.registered_at / 1000,
    ResourceType: "ManagedInstance",
    ...optional("Name", row.name),
    ...optional("IPAddress", row.ip_address),
    ...optional("ComputerName", row.computer_name),
    SourceId: row.instance_id,
    SourceType: "AWS::SSM::ManagedInstance",
  };
}
