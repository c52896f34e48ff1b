/**
 * @module The rule that says which machines are managed (DESIGN.md): a running machine is managed while its agent is
 * online, and unmanaged when the agent is stopped, offline or was never installed; a stopped machine is managed when
 * an agent is installed on it and unmanaged when none is. A machine is matched to a managed node by instance id, then
 * IP address, then host name, within its account.
 */
import type { MachineRow } from "./machine-store.ts";

export interface NodeFacts {
  instanceId: string;
  region: string;
  /** The node's own name (a CMDB may list it), its IP and host name as the agent reported them. */
  name: string | null;
  ipAddress: string | null;
  computerName: string | null;
  online: boolean;
  lastPingAt: number | null;
  registeredAt: number;
  agentStoppedAt: number | null;
  terminated: boolean;
}

export type MatchedBy = "InstanceId" | "IpAddress" | "Hostname";

export interface MachineVerdict {
  machine: MachineRow;
  status: "Managed" | "Unmanaged";
  reason: string;
  node?: NodeFacts;
  matchedBy?: MatchedBy;
}

const shortHost = (name: string) => name.trim().toLowerCase().split(".")[0] ?? "";
const iso = (ms: number) => new Date(ms).toISOString();

/** Indexes of an account's nodes by each thing a machine may be known by. */
export class NodeIndex {
  private readonly byId = new Map<string, NodeFacts>();
  private readonly byIp = new Map<string, NodeFacts>();
  private readonly byHost = new Map<string, NodeFacts>();

  constructor(nodes: readonly NodeFacts[]) {
    // Where several nodes share an address or host name (a machine re-registered, a reused IP), the one heard from
    // last stands for the machine; a terminated node never does.
    const keep = (map: Map<string, NodeFacts>, key: string, node: NodeFacts) => {
      const held = map.get(key);
      if (!held || (node.lastPingAt ?? node.registeredAt) > (held.lastPingAt ?? held.registeredAt)) map.set(key, node);
    };
    for (const node of nodes) {
      this.byId.set(node.instanceId.toLowerCase(), node);
      if (node.name) this.byId.set(node.name.toLowerCase(), node);
      if (node.terminated) continue;
      if (node.ipAddress) keep(this.byIp, node.ipAddress, node);
      if (node.computerName) keep(this.byHost, shortHost(node.computerName), node);
    }
  }

  match(machine: MachineRow): { node: NodeFacts; by: MatchedBy } | undefined {
    const byId = this.byId.get(machine.machine_id.toLowerCase());
    if (byId) return { node: byId, by: "InstanceId" };
    for (const ip of [machine.private_ip, machine.public_ip]) {
      const byIp = ip ? this.byIp.get(ip) : undefined;
      if (byIp) return { node: byIp, by: "IpAddress" };
    }
    for (const host of [machine.hostname, machine.name]) {
      const byHost = host ? this.byHost.get(shortHost(host)) : undefined;
      if (byHost) return { node: byHost, by: "Hostname" };
    }
    return undefined;
  }
}

/** The verdict on one machine that is not terminated. */
export function judge(machine: MachineRow, index: NodeIndex): MachineVerdict {
  const found = index.match(machine);
  const matched = found ? { node: found.node, matchedBy: found.by } : {};
  if (!found) return { machine, status: "Unmanaged", reason: "agent never installed" };
  const node = found.node;
  if (machine.state === "stopped") return { machine, status: "Managed", reason: "stopped; agent installed", ...matched };
  if (node.online && !node.terminated) return { machine, status: "Managed", reason: "agent online", ...matched };
  if (node.agentStoppedAt !== null)
    return { machine, status: "Unmanaged", reason: `agent stopped at ${iso(node.agentStoppedAt)}`, ...matched };
  const since = node.lastPingAt ?? node.registeredAt;
  return { machine, status: "Unmanaged", reason: `agent offline since ${iso(since)}`, ...matched };
}
