/**
 * @module The organization-wide view of the fleet: an organization of three accounts with nodes in two members. The
 * management account and a delegated administrator for ssm.amazonaws.com search every account (`AllAccounts`,
 * `bosun inventory search --all-accounts`, `bosun node list --all-accounts`); members never read each other's nodes.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
} from "@aws-sdk/client-organizations";
import { CreateActivationCommand, PutInventoryCommand, SSMClient } from "@aws-sdk/client-ssm";
import { adminKeysOf, newAccount } from "../kit/accounts.ts";
import { registerAgentProcess } from "../kit/agents.ts";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { bosunBin } from "../kit/bosun-bin.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

const run = promisify(execFile);
type Keys = { accessKeyId: string; secretAccessKey: string };
type Row = { AccountId: string; InstanceId: string; Attributes?: Record<string, string> };

let t: TestServer;
let work: string;
let management: { accountId: string; admin: Keys };
let outsider: { accountId: string; admin: Keys };
const member: Record<"a" | "b", { accountId: string; keys: Keys; node: string }> = {} as never;
const closers: { destroy(): void }[] = [];

/** A node registered by a real agent process in the account of `keys`, reporting log4j-core at `version`. */
async function nodeIn(keys: Keys, name: string, version: string): Promise<string> {
  const ssm = new SSMClient({ endpoint: t.endpoint, region: "us-east-1", credentials: keys, maxAttempts: 1 });
  closers.push(ssm);
  const activation = await ssm.send(new CreateActivationCommand({ IamRole: "R" }));
  const node = await registerAgentProcess(t.endpoint, join(work, name), activation);
  await ssm.send(
    new PutInventoryCommand({
      InstanceId: node,
      Items: [
        {
          TypeName: "AWS:Application",
          SchemaVersion: "1.1",
          CaptureTime: "2026-11-22T10:00:00Z",
          Content: [{ Name: "log4j-core", Version: version, ApplicationType: "unpackaged/java", Path: `/opt/${name}/log4j-core.jar` }],
        },
      ],
    }),
  );
  return node;
}

const search = (keys: Keys, conditions: object[], extra: object = {}) =>
  apiClient(t.endpoint, keys).call<{ Results: Row[]; TotalCount: number; NextToken?: string }>("Bosun.SearchInventory", {
    Conditions: conditions,
    ...extra,
  });
const log4j = { Key: "AWS:Application.Name", Operator: "Equal", Values: ["log4j-core"] };

before(async () => {
  t = await startTestServer();
  work = await mkdtemp(join(tmpdir(), "bosun-org-fleet-"));
  // Only the operator account's organization creates accounts (Bosun's operator makes accounts; decision 015).
  management = { accountId: t.accountId, admin: t.admin };
  outsider = await newAccount(t, "outsider");
  const org = new OrganizationsClient({ endpoint: t.endpoint, region: "us-east-1", credentials: management.admin, maxAttempts: 1 });
  closers.push(org);
  await org.send(new CreateOrganizationCommand({}));
  for (const [key, version] of [
    ["a", "2.14.1"],
    ["b", "2.17.1"],
  ] as const) {
    const created = await org.send(new CreateAccountCommand({ Email: `${key}@example.com`, AccountName: `member-${key}` }));
    const accountId = created.CreateAccountStatus?.AccountId ?? "";
    const keys = await adminKeysOf(t, accountId);
    member[key] = { accountId, keys, node: await nodeIn(keys, key, version) };
  }
  await nodeIn(outsider.admin, "outsider", "2.0.0");
});
after(async () => {
  for (const c of closers) c.destroy();
  await t?.close();
  await rm(work, { recursive: true, force: true });
});

describe("the organization's fleet", () => {
  it("is searched across every account by the management account, each row with its account", async () => {
    const all = await search(management.admin, [log4j], { AllAccounts: true });
    assert.deepEqual(
      all.Results.map((r) => [r.AccountId, r.InstanceId]).sort(),
      [
        [member.a.accountId, member.a.node],
        [member.b.accountId, member.b.node],
      ].sort(),
      "both members' nodes, and not the outsider's",
    );
    const old = await search(management.admin, [log4j, { Key: "AWS:Application.Version", Operator: "LessThan", Values: ["2.17"] }], {
      AllAccounts: true,
    });
    assert.deepEqual(
      old.Results.map((r) => [r.AccountId, r.InstanceId, r.Attributes?.Path]),
      [[member.a.accountId, member.a.node, "/opt/a/log4j-core.jar"]],
    );
    assert.deepEqual((await search(management.admin, [log4j])).Results, [], "without AllAccounts: its own account only");
    const first = await search(management.admin, [], { AllAccounts: true, MaxResults: 1 });
    assert.equal(first.TotalCount, 2);
    const second = await search(management.admin, [], { AllAccounts: true, MaxResults: 1, NextToken: first.NextToken });
    assert.notEqual(second.Results[0]?.InstanceId, first.Results[0]?.InstanceId);
    const mixed = await expectApiError(search(management.admin, [], { MaxResults: 1, NextToken: first.NextToken }));
    assert.equal(mixed.exception, "InvalidNextToken");
  });

  it("never shows a member another member's nodes", async () => {
    const denied = await expectApiError(search(member.a.keys, [log4j], { AllAccounts: true }));
    assert.equal(denied.exception, "AccessDeniedException");
    assert.deepEqual(
      (await search(member.a.keys, [log4j])).Results.map((r) => r.InstanceId),
      [member.a.node],
    );
    const other = await expectApiError(
      apiClient(t.endpoint, member.a.keys).call("AmazonSSM.ListInventoryEntries", {
        InstanceId: member.b.node,
        TypeName: "AWS:Application",
      }),
    );
    assert.equal(other.exception, "InvalidInstanceId");
    assert.equal((await expectApiError(search(outsider.admin, [log4j], { AllAccounts: true }))).exception, "AccessDeniedException");
  });

  it("is read by a delegated administrator for Systems Manager, not for another service", async () => {
    const org = new OrganizationsClient({ endpoint: t.endpoint, region: "us-east-1", credentials: management.admin, maxAttempts: 1 });
    closers.push(org);
    await org.send(new RegisterDelegatedAdministratorCommand({ AccountId: member.a.accountId, ServicePrincipal: "config.amazonaws.com" }));
    assert.equal((await expectApiError(search(member.a.keys, [log4j], { AllAccounts: true }))).exception, "AccessDeniedException");
    await org.send(new RegisterDelegatedAdministratorCommand({ AccountId: member.b.accountId, ServicePrincipal: "ssm.amazonaws.com" }));
    const all = await search(member.b.keys, [log4j], { AllAccounts: true });
    assert.deepEqual(all.Results.map((r) => r.AccountId).sort(), [member.a.accountId, member.b.accountId].sort());
  });

  it("`bosun node list --all-accounts` and `bosun inventory search --all-accounts` print each node's account", async () => {
    const credentials = join(work, "credentials");
    await writeFile(
      credentials,
      `[default]\naws_access_key_id = ${management.admin.accessKeyId}\naws_secret_access_key = ${management.admin.secretAccessKey}\n`,
    );
    const bosun = bosunBin;
    const common = ["--endpoint", t.endpoint, "--credentials-file", credentials];
    const nodes = (await run(process.execPath, [bosun, "node", "list", ...common, "--all-accounts", "--output", "csv"])).stdout
      .trim()
      .split("\n");
    assert.equal(nodes[0], "AccountId,InstanceId,ComputerName,PingStatus,PlatformName,PlatformVersion");
    assert.deepEqual(
      nodes
        .slice(1)
        .map((line) => line.split(",").slice(0, 2).join(","))
        .sort(),
      [`${member.a.accountId},${member.a.node}`, `${member.b.accountId},${member.b.node}`].sort(),
    );
    const found = JSON.parse(
      (
        await run(process.execPath, [
          bosun,
          "inventory",
          "search",
          ...common,
          "--all-accounts",
          "--where",
          "AWS:Application.Version < 2.17",
          "--where",
          "AWS:Application.Name = log4j-core",
          "--output",
          "json",
        ])
      ).stdout,
    ) as Row[];
    assert.deepEqual(
      found.map((r) => r.AccountId),
      [member.a.accountId],
    );
    const own = (await run(process.execPath, [bosun, "node", "list", ...common])).stdout;
    assert.equal(own.trim(), "no nodes", "the management account has no nodes of its own");
  });
});
