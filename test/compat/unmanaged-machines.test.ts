/**
 * @module Unmanaged machines across an organization: the management account and two members; EC2 sources (through the
 * EC2/STS TEST DOUBLE — real EC2 cannot run here — one role per member, every enabled Region) and CMDB imports (CSV,
 * JSON) are reconciled with real agent processes that are online, stopped, killed or never started. Every case of the
 * rule is listed with its reason; a machine reported terminated marks its node terminated and takes its inventory
 * out of search; members see only their own machines; bad input gets AWS-shaped errors.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { hostname, networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { CreateActivationCommand, DescribeInstanceInformationCommand, GetInventoryCommand, SSMClient } from "@aws-sdk/client-ssm";
import type { Credentials } from "../../src/cli/credentials.ts";
import { adminKeysOf } from "../kit/accounts.ts";
import { type AgentProcess, exited, registerAgentProcess, startAgentProcess } from "../kit/agents.ts";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { bosunBin } from "../kit/bosun-bin.ts";
import { baseCredentials, Ec2TestDouble } from "../kit/ec2-test-double.ts";
import { putApplications } from "../kit/inventory.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

interface Machine {
  AccountId: string;
  Region: string;
  MachineId: string;
  State: string;
  Status: string;
  Reason: string;
  InstanceId?: string;
  MatchedBy?: string;
}
interface Source {
  AccountId: string;
  SourceName: string;
  SourceType: string;
  MachineCount?: number;
  LastStatus?: string;
  LastStatusMessage?: string;
}

const run = promisify(execFile);
const double = new Ec2TestDouble();
let t: TestServer;
let work: string;
let management: { accountId: string; admin: Credentials };
const member = {} as Record<"a" | "b", { id: string; keys: Credentials; ssm: SSMClient }>;
/** Account a's nodes, by what happened to their agents. */
const node = {} as Record<"online" | "stopped" | "killed" | "idle" | "doomed", string>;
const agents: AgentProcess[] = [];
const clients: { destroy(): void }[] = [];

const call = <T>(keys: Credentials, action: string, input: Record<string, unknown> = {}) =>
  apiClient(t.endpoint, keys).call<T>(`Bosun.${action}`, input);
const listAll = async (keys: Credentials, input: Record<string, unknown> = {}) =>
  (await call<{ Machines: Machine[] }>(keys, "ListUnmanagedMachines", { MaxResults: 1000, ...input })).Machines;
const localAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && !a.internal && a.family === "IPv4")?.address;
const pingStatus = async (ssm: SSMClient, id: string) =>
  (await ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: "InstanceIds", Values: [id] }] }))).InstanceInformationList?.[0]
    ?.PingStatus;

async function startOnline(ssm: SSMClient, stateDir: string, activation: { ActivationId?: string; ActivationCode?: string }) {
  const id = await registerAgentProcess(t.endpoint, stateDir, activation);
  const agent = startAgentProcess(stateDir);
  agents.push(agent);
  await waitFor(async () => (await pingStatus(ssm, id)) === "Online", 20_000);
  return { id, agent };
}

before(async () => {
  await double.start();
  t = await startTestServer({
    heartbeatIntervalMs: 300,
    aws: { ec2Endpoint: double.endpoint, stsEndpoint: double.endpoint, credentials: baseCredentials },
  });
  work = await mkdtemp(join(tmpdir(), "bosun-unmanaged-"));
  // Only the operator account's organization creates accounts (Bosun's operator makes accounts; decision 015).
  management = { accountId: t.accountId, admin: t.admin };
  double.baseAccount = management.accountId;
  const org = new OrganizationsClient({ endpoint: t.endpoint, region: "us-east-1", credentials: management.admin, maxAttempts: 1 });
  clients.push(org);
  await org.send(new CreateOrganizationCommand({}));
  for (const key of ["a", "b"] as const) {
    const created = await org.send(new CreateAccountCommand({ Email: `${key}@example.com`, AccountName: `member-${key}` }));
    const id = created.CreateAccountStatus?.AccountId ?? "";
    const keys = await adminKeysOf(t, id);
    const ssm = new SSMClient({ endpoint: t.endpoint, region: "us-east-1", credentials: keys, maxAttempts: 1 });
    clients.push(ssm);
    member[key] = { id, keys, ssm };
  }
  const a = member.a.ssm;
  const activation = await a.send(new CreateActivationCommand({ IamRole: "R", RegistrationLimit: 5 }));
  const stopped = await startOnline(a, join(work, "stopped"), activation);
  stopped.agent.kill("SIGTERM");
  await exited(stopped.agent);
  const killed = await startOnline(a, join(work, "killed"), activation);
  killed.agent.kill("SIGKILL");
  await exited(killed.agent);
  // Started last: where nodes share this machine's address and host name, the node heard from last stands for it.
  const online = await startOnline(a, join(work, "online"), activation);
  node.online = online.id;
  node.stopped = stopped.id;
  node.killed = killed.id;
  node.idle = await registerAgentProcess(t.endpoint, join(work, "idle"), activation);
  node.doomed = await registerAgentProcess(t.endpoint, join(work, "doomed"), activation);
  await putApplications(a, node.doomed, [{ Name: "log4j-core", Version: "2.14.1" }]);
  await waitFor(async () => (await pingStatus(a, node.killed)) === "ConnectionLost", 10_000);

  double.roles.set(`arn:aws:iam::${member.a.id}:role/BosunDiscovery`, member.a.id);
  double.setInstances(member.a.id, "us-east-1", [
    {
      InstanceId: "i-0a000000000000001",
      State: "running",
      PrivateIpAddress: localAddress ?? "10.200.0.1",
      PrivateDnsName: hostname(),
      Name: "this-host",
    },
  ]);
  double.setInstances(member.a.id, "eu-west-1", [
    {
      InstanceId: "i-0a000000000000002",
      State: "running",
      PrivateIpAddress: "10.50.0.1",
      PrivateDnsName: "ip-10-50-0-1.eu-west-1.compute.internal",
    },
    { InstanceId: "i-0a000000000000003", State: "terminated" },
    { InstanceId: "i-0a000000000000004", State: "pending", PrivateIpAddress: "10.50.0.4" },
  ]);
  double.setInstances(member.a.id, "ap-southeast-2", [
    { InstanceId: "i-0a000000000000005", State: "stopped", PrivateIpAddress: "10.60.0.1" },
  ]);
  double.setInstances(management.accountId, "us-east-1", [
    { InstanceId: "i-0m000000000000001", State: "running", PrivateIpAddress: "10.70.0.1" },
  ]);
});

after(async () => {
  for (const agent of agents) if (agent.exitCode === null && agent.signalCode === null) agent.kill("SIGKILL");
  await Promise.all(agents.map(exited));
  for (const c of clients) c.destroy();
  await t?.close();
  await double.close();
  await rm(work, { recursive: true, force: true });
});

describe("unmanaged machines", () => {
  it("discovers EC2 machines with one assumed role per member account, in every enabled Region, management account included", async () => {
    const a = await call<{ Source: Source }>(management.admin, "PutMachineSource", {
      SourceName: "ec2",
      SourceType: "EC2",
      AccountId: member.a.id,
      RoleArn: `arn:aws:iam::${member.a.id}:role/BosunDiscovery`,
    });
    assert.deepEqual([a.Source.AccountId, a.Source.LastStatus, a.Source.MachineCount], [member.a.id, "Successful", 5]);
    const own = await call<{ Source: Source }>(management.admin, "PutMachineSource", { SourceName: "ec2", SourceType: "EC2" });
    assert.deepEqual([own.Source.AccountId, own.Source.MachineCount], [management.accountId, 1]);
    assert.equal(double.calls.filter((c) => c.action === "AssumeRole").length, 1, "one role assumed, for the member");
    for (const account of [member.a.id, management.accountId])
      assert.deepEqual(
        double.calls
          .filter((c) => c.action === "DescribeInstances" && c.account === account)
          .map((c) => c.region)
          .sort(),
        // eu-west-1 holds three instances: two pages of two.
        account === member.a.id ? ["ap-southeast-2", "eu-west-1", "eu-west-1", "us-east-1"] : ["ap-southeast-2", "eu-west-1", "us-east-1"],
      );
    const denied = await call<{ Source: Source }>(management.admin, "PutMachineSource", {
      SourceName: "ec2",
      SourceType: "EC2",
      AccountId: member.b.id,
      RoleArn: `arn:aws:iam::${member.b.id}:role/Missing`,
    });
    assert.equal(denied.Source.LastStatus, "Failed");
    assert.match(denied.Source.LastStatusMessage ?? "", /AccessDenied/);
    assert.ok(!(denied.Source.LastStatusMessage ?? "").includes(baseCredentials.secretAccessKey));
  });

  it("imports CMDB lists (CSV and JSON); a machine reported terminated marks its node terminated and its inventory leaves", async () => {
    const csv = [
      "id,region,state,hostname",
      `${node.stopped},us-east-1,running,`,
      `${node.killed},us-east-1,running,`,
      `${node.idle},us-east-1,stopped,`,
      `${node.doomed},us-east-1,terminated,`,
    ].join("\n");
    const imported = await call<{ Source: Source }>(member.a.keys, "PutMachineSource", {
      SourceName: "cmdb",
      SourceType: "CMDB",
      Content: csv,
    });
    assert.deepEqual(
      [imported.Source.MachineCount, imported.Source.LastStatusMessage],
      [4, "4 machines reported, 1 nodes marked terminated."],
    );
    await call(management.admin, "PutMachineSource", {
      SourceName: "cmdb",
      SourceType: "CMDB",
      AccountId: member.b.id,
      ContentFormat: "JSON",
      Content: JSON.stringify([{ id: "legacy-b", hostname: "legacy-b.corp" }]),
    });

    const a = member.a.ssm;
    assert.equal(await pingStatus(a, node.doomed), "Inactive");
    const inventory = await a.send(new GetInventoryCommand({}));
    assert.ok(!(inventory.Entities ?? []).some((e) => e.Id === node.doomed), "GetInventory no longer has the terminated node");
    const found = await call<{ Results: { InstanceId: string }[] }>(member.a.keys, "SearchInventory", {
      Conditions: [{ Key: "AWS:Application.Name", Operator: "Equal", Values: ["log4j-core"] }],
    });
    assert.deepEqual(found.Results, [], "fleet search no longer finds the terminated node's software");
    const put = await putApplications(a, node.doomed, [], "2026-11-22T11:00:00Z").catch((e: { name: string }) => e.name);
    assert.equal(put, "InvalidInstanceId");
  });

  it("lists every unmanaged machine with its reason across the organization, and managed ones on request", async () => {
    const reasons = (machines: Machine[]) =>
      machines
        .map(
          (m) =>
            `${m.AccountId} ${m.Region} ${m.MachineId} ${m.State} ${m.Status} ${m.Reason.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/, "<time>")}`,
        )
        .sort();
    const a = member.a.id;
    const expected = [
      `${a} ap-southeast-2 i-0a000000000000005 stopped Unmanaged agent never installed`,
      `${a} eu-west-1 i-0a000000000000002 running Unmanaged agent never installed`,
      `${a} eu-west-1 i-0a000000000000004 running Unmanaged agent never installed`,
      `${a} us-east-1 ${node.killed} running Unmanaged agent offline since <time>`,
      `${a} us-east-1 ${node.stopped} running Unmanaged agent stopped at <time>`,
      `${management.accountId} us-east-1 i-0m000000000000001 running Unmanaged agent never installed`,
      `${member.b.id} us-east-1 legacy-b running Unmanaged agent never installed`,
    ].sort();
    assert.deepEqual(reasons(await listAll(management.admin, { AllAccounts: true })), expected);
    const everything = await listAll(management.admin, { AllAccounts: true, IncludeManaged: true });
    const managed = everything.filter((m) => m.Status === "Managed");
    assert.deepEqual(
      managed.map((m) => [m.MachineId, m.Reason, m.InstanceId]).sort(),
      [
        ["i-0a000000000000001", "agent online", node.online],
        [node.idle, "stopped; agent installed", node.idle],
      ].sort(),
    );
    assert.ok(["IpAddress", "Hostname"].includes(managed.find((m) => m.MachineId === "i-0a000000000000001")?.MatchedBy ?? ""));
    assert.ok(
      !everything.some((m) => m.MachineId === "i-0a000000000000003" || m.MachineId === node.doomed),
      "terminated machines are not listed",
    );
    const first = await call<{ Machines: Machine[]; NextToken?: string }>(management.admin, "ListUnmanagedMachines", {
      AllAccounts: true,
      MaxResults: 4,
    });
    const rest = await call<{ Machines: Machine[] }>(management.admin, "ListUnmanagedMachines", {
      AllAccounts: true,
      MaxResults: 4,
      NextToken: first.NextToken,
    });
    assert.deepEqual(reasons([...first.Machines, ...rest.Machines]), expected);
  });

  it("keeps members to their own machines and sources, through every action", async () => {
    const b = member.b.keys;
    assert.deepEqual(
      (await listAll(b)).map((m) => m.MachineId),
      ["legacy-b"],
    );
    assert.deepEqual(
      (await listAll(member.a.keys)).every((m) => m.AccountId === member.a.id),
      true,
    );
    for (const [action, input] of [
      ["ListUnmanagedMachines", { AllAccounts: true }],
      ["ListMachineSources", { AllAccounts: true }],
      ["RefreshMachineSources", { AllAccounts: true }],
      ["PutMachineSource", { SourceName: "x", SourceType: "CMDB", AccountId: member.a.id, Content: "id\nz" }],
      ["DeleteMachineSource", { SourceName: "cmdb", AccountId: member.a.id }],
    ] as const)
      assert.equal((await expectApiError(call(b, action, input))).exception, "AccessDeniedException", action);
    const sources = await call<{ Sources: Source[] }>(b, "ListMachineSources");
    assert.deepEqual(sources.Sources.map((s) => [s.AccountId, s.SourceName]).sort(), [
      [member.b.id, "cmdb"],
      [member.b.id, "ec2"],
    ]);
    assert.equal((await expectApiError(call(b, "DeleteMachineSource", { SourceName: "nope" }))).exception, "ResourceNotFoundException");
    await call(b, "DeleteMachineSource", { SourceName: "cmdb" });
    assert.deepEqual(await listAll(b), []);
    assert.equal((await listAll(member.a.keys)).length, 5, "deleting b's source left a's machines alone");
  });

  it("refuses bad input with AWS-shaped errors", async () => {
    const a = member.a.keys;
    const invalid = async (action: string, input: Record<string, unknown>, pattern?: RegExp) => {
      const error = await expectApiError(call(a, action, input));
      assert.equal(error.exception, "ValidationException", JSON.stringify(input));
      if (pattern) assert.match(error.message, pattern);
    };
    await invalid("PutMachineSource", { SourceName: "bad name", SourceType: "CMDB", Content: "id\nx" });
    await invalid("PutMachineSource", { SourceName: "x", SourceType: "VMware" });
    await invalid("PutMachineSource", { SourceName: "x", SourceType: "CMDB" }, /needs the list/);
    await invalid("PutMachineSource", { SourceName: "x", SourceType: "EC2", Content: "id\nx" }, /for CMDB sources/);
    await invalid("PutMachineSource", { SourceName: "x", SourceType: "EC2", RoleArn: "role/BosunDiscovery" });
    await invalid("PutMachineSource", { SourceName: "x", SourceType: "EC2", Regions: ["moon-1"] });
    await invalid("PutMachineSource", { SourceName: "x", SourceType: "CMDB", Content: "name\nweb" }, /Machine 1 has no id/);
    await invalid("PutMachineSource", { SourceName: "x", SourceType: "CMDB", Content: "id,state\nweb,melted" }, /unknown state/);
    await invalid("PutMachineSource", { SourceName: "x", SourceType: "CMDB", Content: "id", AccountId: "12345" });
    await invalid("ListUnmanagedMachines", { MaxResults: 0 });
    const page = await call<{ NextToken?: string }>(a, "ListUnmanagedMachines", { MaxResults: 1 });
    assert.equal(
      (await expectApiError(call(a, "ListUnmanagedMachines", { IncludeManaged: true, NextToken: page.NextToken }))).exception,
      "InvalidNextToken",
    );
    const sources = await call<{ Sources: Source[] }>(a, "ListMachineSources");
    assert.ok(!sources.Sources.some((s) => s.SourceName === "x"), "nothing was stored by a refused call");
  });

  it("`bosun fleet import` and `bosun fleet unmanaged --all-accounts` work from the command line", async () => {
    const bosun = bosunBin;
    const file = (name: string, keys: Credentials) => {
      const path = join(work, name);
      return writeFile(path, `[default]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`).then(
        () => path,
      );
    };
    const common = (credentials: string) => ["--endpoint", t.endpoint, "--credentials-file", credentials];
    const machines = join(work, "machines.json");
    await writeFile(machines, JSON.stringify([{ id: "rack-7", region: "eu-central-1", ip: "192.168.7.7" }]));
    const imported = await run(process.execPath, [
      bosun,
      "fleet",
      "import",
      "--file",
      machines,
      "--source",
      "racks",
      ...common(await file("b-credentials", member.b.keys)),
    ]);
    assert.match(imported.stdout, /racks\s+CMDB\s+1\s+Successful/);
    const listed = await run(process.execPath, [
      bosun,
      "fleet",
      "unmanaged",
      "--all-accounts",
      "--output",
      "csv",
      ...common(await file("m-credentials", management.admin)),
    ]);
    const lines = listed.stdout.trim().split("\n");
    assert.equal(lines[0], "AccountId,Region,MachineId,Name,State,Status,Reason,InstanceId,SourceName");
    assert.ok(lines.includes(`${member.b.id},eu-central-1,rack-7,,running,Unmanaged,agent never installed,,racks`));
    assert.equal(lines.length, 1 + 7 - 1 + 1, "a's five, the management account's one and b's rack");
    // A source that fails makes `fleet ec2` fail, with its whole message.
    const failing = await run(process.execPath, [
      bosun,
      "fleet",
      "ec2",
      "--account-id",
      member.b.id,
      "--role-arn",
      `arn:aws:iam::${member.b.id}:role/Missing`,
      ...common(await file("m-credentials", management.admin)),
    ]).then(
      () => undefined,
      (error: { code?: number; stderr?: string; stdout?: string }) => error,
    );
    assert.equal(failing?.code, 1);
    assert.match(failing?.stderr ?? "", /source ec2 \(\d{12}\) failed: .*AccessDenied/);
  });
});
