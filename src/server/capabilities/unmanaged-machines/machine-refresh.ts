/**
 * @module Refreshing sources and judging machines. An EC2 source is asked again (every sweep of the job, or on
 * demand); a CMDB source holds what was last imported. A machine a source reports terminated marks its managed node
 * terminated, which takes the node's inventory out of search, GetInventory and the synced bucket (no stale data).
 */
import { discoverEc2, type Ec2SourceConfig } from "./ec2-discovery.ts";
import type { MachineDeps } from "./machine-shapes.ts";
import type { ReportedMachine, SourceRow } from "./machine-store.ts";
import { judge, type MachineVerdict, type NodeFacts, NodeIndex } from "./reconcile.ts";

/** The account's managed nodes in every Region, as the rule needs them. */
export async function nodeFacts(deps: MachineDeps, accountId: string, now: number): Promise<NodeFacts[]> {
  return (await deps.nodes.instances.listAccount(accountId)).map((row) => ({
    instanceId: row.instance_id,
    region: row.region,
    name: row.name,
    ipAddress: row.ip_address,
    computerName: row.computer_name,
    online: row.last_ping_at !== null && now - row.last_ping_at <= deps.lostAfterMs,
    lastPingAt: row.last_ping_at,
    registeredAt: row.registered_at,
    agentStoppedAt: row.agent_stopped_at,
    terminated: row.terminated_at !== null,
  }));
}

/** Marks the nodes of machines reported terminated; returns how many nodes were newly marked. */
export async function markTerminated(
  deps: MachineDeps,
  accountId: string,
  machines: readonly ReportedMachine[],
  now: number,
): Promise<number> {
  const terminated = machines.filter((m) => m.state === "terminated");
  if (terminated.length === 0) return 0;
  const nodes = await nodeFacts(deps, accountId, now);
  const index = new NodeIndex(nodes);
  let marked = 0;
  for (const machine of terminated) {
    const found = index.match({ ...machine, account_id: accountId, source_name: "", seen_at: now });
    if (
      found &&
      !found.node.terminated &&
      (await deps.nodes.markTerminated({ accountId, region: found.node.region }, found.node.instanceId, now))
    )
      marked++;
  }
  return marked;
}

/** Stores what a source reports now and records the outcome; failures are recorded, not thrown. */
export async function storeReport(
  deps: MachineDeps,
  source: SourceRow,
  machines: readonly ReportedMachine[],
  now: number,
): Promise<string> {
  await deps.store.transaction((store) => store.replaceMachines(source.account_id, source.source_name, machines, now));
  const marked = await markTerminated(deps, source.account_id, machines, now);
  const message = `${machines.length} machines reported${marked > 0 ? `, ${marked} nodes marked terminated` : ""}.`;
  await deps.store.recordRefresh(source.account_id, source.source_name, { at: now, status: "Successful", message });
  return message;
}

export async function refreshSource(deps: MachineDeps, source: SourceRow, now: number): Promise<void> {
  if (source.source_type !== "EC2") return;
  try {
    const machines = await discoverEc2(deps.aws, JSON.parse(source.config) as Ec2SourceConfig);
    await storeReport(deps, source, machines, now);
  } catch (error) {
    deps.log.warn({ err: error, account: source.account_id, source: source.source_name }, "machine source refresh failed");
    // The SDK's words (an error code and message); credentials are never part of them.
    const message = error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 1000) : "the refresh failed";
    await deps.store.recordRefresh(source.account_id, source.source_name, { at: now, status: "Failed", message });
  }
}

/** Every machine of the accounts that is not terminated, judged by the rule; one entry per Region and machine id. */
export async function judgeMachines(
  deps: MachineDeps,
  accounts: readonly string[],
  now: number,
): Promise<(MachineVerdict & { accountId: string; sourceType: string })[]> {
  const verdicts: (MachineVerdict & { accountId: string; sourceType: string })[] = [];
  for (const accountId of accounts) {
    const types = new Map((await deps.store.sources(accountId)).map((s) => [s.source_name, s.source_type]));
    const index = new NodeIndex(await nodeFacts(deps, accountId, now));
    const seen = new Set<string>();
    // EC2 first: when a CMDB lists the same machine, EC2's state is the one that counts.
    const machines = (await deps.store.machines(accountId)).sort(
      (a, b) => Number(types.get(a.source_name) !== "EC2") - Number(types.get(b.source_name) !== "EC2"),
    );
    for (const machine of machines) {
      const key = `${machine.region}/${machine.machine_id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (machine.state === "terminated") continue;
      verdicts.push({ ...judge(machine, index), accountId, sourceType: types.get(machine.source_name) ?? "" });
    }
  }
  return verdicts.sort((a, b) =>
    `${a.accountId}/${a.machine.region}/${a.machine.machine_id}`.localeCompare(
      `${b.accountId}/${b.machine.region}/${b.machine.machine_id}`,
    ),
  );
}
