/** Unit tests of the managed/unmanaged rule and of matching machines to nodes (no I/O: the rule is a pure function). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { MachineRow } from "./machine-store.ts";
import { judge, type NodeFacts, NodeIndex } from "./reconcile.ts";

const now = Date.parse("2026-11-22T12:00:00Z");
const node = (id: string, extra: Partial<NodeFacts> = {}): NodeFacts => ({
  instanceId: id,
  region: "us-east-1",
  name: null,
  ipAddress: null,
  computerName: null,
  online: false,
  lastPingAt: null,
  registeredAt: now - 86_400_000,
  agentStoppedAt: null,
  terminated: false,
  ...extra,
});
const machine = (id: string, extra: Partial<MachineRow> = {}): MachineRow => ({
  account_id: "111111111111",
  source_name: "ec2",
  machine_id: id,
  region: "eu-west-1",
  state: "running",
  name: null,
  hostname: null,
  private_ip: null,
  public_ip: null,
  platform: null,
  seen_at: now,
  ...extra,
});

describe("the unmanaged-machine rule", () => {
  const index = new NodeIndex([
    node("mi-00000000000000001", { online: true, lastPingAt: now, ipAddress: "10.0.0.1", computerName: "web-1.corp" }),
    node("mi-00000000000000002", { agentStoppedAt: now - 60_000, lastPingAt: now - 60_000, computerName: "db-1" }),
    node("mi-00000000000000003", { lastPingAt: now - 3_600_000, ipAddress: "10.0.0.3" }),
    node("mi-00000000000000004", { name: "build-7" }),
  ]);

  it("running with the agent online is managed", () => {
    const v = judge(machine("i-1", { private_ip: "10.0.0.1" }), index);
    assert.deepEqual(
      [v.status, v.reason, v.matchedBy, v.node?.instanceId],
      ["Managed", "agent online", "IpAddress", "mi-00000000000000001"],
    );
  });
  it("running with the agent stopped is unmanaged, saying when it stopped", () => {
    const v = judge(machine("i-2", { hostname: "DB-1.eu-west-1.compute.internal" }), index);
    assert.deepEqual(
      [v.status, v.reason, v.matchedBy],
      ["Unmanaged", `agent stopped at ${new Date(now - 60_000).toISOString()}`, "Hostname"],
    );
  });
  it("running with the agent offline is unmanaged, since its last heartbeat (or its registration)", () => {
    assert.equal(
      judge(machine("i-3", { public_ip: "10.0.0.3" }), index).reason,
      `agent offline since ${new Date(now - 3_600_000).toISOString()}`,
    );
    assert.equal(judge(machine("build-7"), index).reason, `agent offline since ${new Date(now - 86_400_000).toISOString()}`);
  });
  it("running or stopped without an agent is unmanaged: agent never installed", () => {
    for (const state of ["running", "stopped"] as const) {
      const v = judge(machine("i-9", { state, private_ip: "10.9.9.9", hostname: "nowhere" }), index);
      assert.deepEqual([v.status, v.reason, v.node], ["Unmanaged", "agent never installed", undefined]);
    }
  });
  it("stopped with an agent installed is managed, whatever the agent's state", () => {
    const v = judge(machine("mi-00000000000000003", { state: "stopped" }), index);
    assert.deepEqual([v.status, v.matchedBy], ["Managed", "InstanceId"]);
  });
  it("matches by instance id before IP before host name, and prefers the node heard from last", () => {
    const shared = new NodeIndex([
      node("mi-0000000000000000a", { ipAddress: "10.1.1.1", lastPingAt: now - 10_000 }),
      node("mi-0000000000000000b", { ipAddress: "10.1.1.1", lastPingAt: now, online: true, computerName: "h" }),
      node("mi-0000000000000000c", { ipAddress: "10.1.1.1", lastPingAt: now + 1, terminated: true }),
    ]);
    assert.equal(shared.match(machine("x", { private_ip: "10.1.1.1" }))?.node.instanceId, "mi-0000000000000000b");
    assert.equal(shared.match(machine("MI-0000000000000000A", { private_ip: "10.1.1.1" }))?.by, "InstanceId");
    assert.equal(shared.match(machine("x", { hostname: "H.example" }))?.by, "Hostname");
  });
});
