/**
 * @module Resource data sync: an organization of three accounts with nodes in two members; the management account
 * syncs the whole organization to an S3 bucket (s3rver, a real S3 HTTP server on loopback) and a member syncs its own
 * account to a folder bucket. Keys and lines follow SSM's layout; only changed items are rewritten; a deregistered
 * node's objects leave the destination; SQL over the lake (Bosun.QueryResourceDataSync, `bosun query`) reads only the
 * caller's accounts; bad configurations and queries get AWS-shaped errors.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import {
  CreateActivationCommand,
  CreateResourceDataSyncCommand,
  DeleteResourceDataSyncCommand,
  DeregisterManagedInstanceCommand,
  ListResourceDataSyncCommand,
  PutComplianceItemsCommand,
  PutInventoryCommand,
  type ResourceDataSyncItem,
  SSMClient,
  UpdateResourceDataSyncCommand,
} from "@aws-sdk/client-ssm";
import { organizationPolicy } from "../../src/protocol/bucket-policies.ts";
import { adminKeysOf, newAccount } from "../kit/accounts.ts";
import { registerAgentProcess } from "../kit/agents.ts";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { awsCli, awsCliMissing, awsSsm } from "../kit/aws-cli.ts";
import { bosunBin } from "../kit/bosun-bin.ts";
import { s3Credentials, startS3, type TestS3 } from "../kit/s3.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

type Keys = { accessKeyId: string; secretAccessKey: string };
type Answer = { Columns: { Name: string; Type: string }[]; Rows: unknown[][]; Truncated: boolean };
const run = promisify(execFile);
let s3server: TestS3;
let s3: S3Client;
let t: TestServer;
let work: string;
let management: { accountId: string; admin: Keys };
let organizationId: string;
const accounts: Record<"a" | "b", { id: string; ssm: SSMClient; nodes: string[] }> = {} as never;
const clients: { destroy(): void }[] = [];

/** Each member's admin keys, made once: an IAM user holds at most two access keys. */
const memberKeys = new Map<string, Promise<Keys>>();
const keysOf = (accountId: string): Promise<Keys> => {
  const keys = memberKeys.get(accountId) ?? adminKeysOf(t, accountId);
  memberKeys.set(accountId, keys);
  return keys;
};

const ssmFor = (credentials: Keys) => {
  const client = new SSMClient({ endpoint: t.endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
  clients.push(client);
  return client;
};
const put = (ssm: SSMClient, node: string, version: string) =>
  ssm.send(
    new PutInventoryCommand({
      InstanceId: node,
      Items: [
        {
          TypeName: "AWS:Application",
          SchemaVersion: "1.1",
          CaptureTime: "2026-11-22T10:00:00Z",
          Content: [
            { Name: "log4j-core", Version: version, ApplicationType: "unpackaged/java" },
            { Name: "zlib1g", Version: "1:1.2.13" },
          ],
        },
      ],
    }),
  );

async function syncItem(ssm: SSMClient, name: string): Promise<ResourceDataSyncItem | undefined> {
  return (await ssm.send(new ListResourceDataSyncCommand({}))).ResourceDataSyncItems?.find((s) => s.SyncName === name);
}

/** Waits for the writer's next successful round after `since` (ms). */
async function nextRound(ssm: SSMClient, name: string, since: number): Promise<ResourceDataSyncItem> {
  let item: ResourceDataSyncItem | undefined;
  await waitFor(async () => {
    item = await syncItem(ssm, name);
    return item?.LastStatus === "Successful" && (item.LastSyncTime?.getTime() ?? 0) > since;
  }, 20_000);
  return item as ResourceDataSyncItem;
}

/**
 * What each round of the organization's sync wrote and deleted, from just before a change until it is visible
 * (`landed`) and one more round has finished. Rounds run every 250 ms, and on a busy machine several can finish
 * between two polls of LastSyncStatusMessage, so the rounds are read from the server's log, which keeps every one.
 */
async function roundsUntil(ssm: SSMClient, landed: () => Promise<boolean>): Promise<string[]> {
  const logFrom = t.logText().length;
  let landedAt: number | undefined;
  await waitFor(
    async () => {
      const at = (await syncItem(ssm, "org"))?.LastSyncTime?.getTime() ?? 0;
      if (landedAt === undefined && (await landed())) landedAt = Date.now();
      return landedAt !== undefined && at > landedAt;
    },
    60_000,
    20,
  );
  return t
    .logText()
    .slice(logFrom)
    .split("\n")
    .filter((line) => line.includes('"resource data sync round"'))
    .map((line) => JSON.parse(line) as { syncName: string; account: string; written: number; deleted: number })
    .filter((round) => round.syncName === "org" && round.account === management.accountId)
    .map((round) => `${round.written} objects written, ${round.deleted} deleted.`);
}

async function s3Keys_(prefix: string): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: "org-inventory", Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key ?? "").sort();
}
const s3Text = async (key: string) =>
  (await (await s3.send(new GetObjectCommand({ Bucket: "org-inventory", Key: key }))).Body?.transformToString()) ?? "";

before(async () => {
  s3server = await startS3(["org-inventory"]);
  s3 = new S3Client({ endpoint: s3server.endpoint, region: "us-east-1", forcePathStyle: true, credentials: s3Credentials });
  t = await startTestServer({ sweepIntervalMs: 250, s3: s3server.serverOption });
  work = await mkdtemp(join(tmpdir(), "bosun-sync-"));
  // Only the operator account's organization creates accounts (Bosun's operator makes accounts; decision 015).
  management = { accountId: t.accountId, admin: t.admin };
  const org = new OrganizationsClient({ endpoint: t.endpoint, region: "us-east-1", credentials: management.admin, maxAttempts: 1 });
  clients.push(org);
  organizationId = (await org.send(new CreateOrganizationCommand({}))).Organization?.Id ?? "";
  for (const [key, count] of [
    ["a", 2],
    ["b", 1],
  ] as const) {
    const created = await org.send(new CreateAccountCommand({ Email: `${key}@example.com`, AccountName: `member-${key}` }));
    const id = created.CreateAccountStatus?.AccountId ?? "";
    const ssm = ssmFor(await keysOf(id));
    const activation = await ssm.send(new CreateActivationCommand({ IamRole: "R", RegistrationLimit: count }));
    const nodes: string[] = [];
    for (let i = 0; i < count; i++) {
      const node = await registerAgentProcess(t.endpoint, join(work, `${key}${i}`), activation);
      await put(ssm, node, "2.14.1");
      nodes.push(node);
    }
    accounts[key] = { id, ssm, nodes };
  }
});
after(async () => {
  for (const c of clients) c.destroy();
  s3?.destroy();
  await t?.close();
  await s3server?.close();
  await rm(work, { recursive: true, force: true });
});

const layout = (account: string, type: string, node: string, prefix = "") =>
  `${prefix}${type}/accountid=${account}/region=us-east-1/resourcetype=ManagedInstanceInventory/${node}.json`;

describe("resource data sync", () => {
  let mgmt: SSMClient;
  let firstRound: ResourceDataSyncItem;

  it("writes every member account's inventory to S3 in SSM's layout (Organization sharing)", async () => {
    mgmt = ssmFor(management.admin);
    const created = Date.now();
    await mgmt.send(
      new CreateResourceDataSyncCommand({
        SyncName: "org",
        S3Destination: {
          BucketName: "org-inventory",
          Prefix: "inventory",
          SyncFormat: "JsonSerDe",
          Region: "us-east-1",
          DestinationDataSharing: { DestinationDataSharingType: "Organization" },
        },
      }),
    );
    firstRound = await nextRound(mgmt, "org", created);
    assert.ok(firstRound.LastSuccessfulSyncTime);
    assert.equal(firstRound.SyncType, "SyncToDestination");
    const nodes = [
      [accounts.a.id, accounts.a.nodes[0]],
      [accounts.a.id, accounts.a.nodes[1]],
      [accounts.b.id, accounts.b.nodes[0]],
    ] as [string, string][];
    // And SSM's test.json marker for every account the sync writes, nodes or not.
    const markers = [management.accountId, accounts.a.id, accounts.b.id].map(
      (id) => `inventory/AWS:InstanceInformation/accountid=${id}/test.json`,
    );
    const expected = [
      ...nodes.flatMap(([account, node]) =>
        ["AWS:Application", "AWS:InstanceInformation"].map((type) => layout(account, type, node, "inventory/")),
      ),
      ...markers,
    ].sort();
    assert.deepEqual(await s3Keys_("inventory/"), expected);
    assert.equal(await s3Text(markers[1] ?? ""), "{}\n");
    const lines = (await s3Text(layout(accounts.b.id, "AWS:Application", accounts.b.nodes[0] ?? "", "inventory/")))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, string>);
    assert.deepEqual(lines[0], {
      Name: "log4j-core",
      Version: "2.14.1",
      ApplicationType: "unpackaged/java",
      resourceId: accounts.b.nodes[0],
      captureTime: "2026-11-22T10:00:00Z",
      schemaVersion: "1.1",
    });
    const info = JSON.parse(
      await s3Text(layout(accounts.a.id, "AWS:InstanceInformation", accounts.a.nodes[0] ?? "", "inventory/")),
    ) as Record<string, string>;
    assert.equal(info.InstanceStatus, "ConnectionLost");
    assert.equal(info.resourceId, accounts.a.nodes[0]);
  });

  it("syncs a member's own account to a folder bucket, and only that account", async () => {
    const since = Date.now();
    await accounts.a.ssm.send(
      new CreateResourceDataSyncCommand({
        SyncName: "mine",
        S3Destination: { BucketName: "local-lake", SyncFormat: "JsonSerDe", Region: "us-east-1" },
      }),
    );
    await nextRound(accounts.a.ssm, "mine", since);
    const file = join(t.dataDir, "buckets", "local-lake", layout(accounts.a.id, "AWS:Application", accounts.a.nodes[0] ?? ""));
    assert.match(await readFile(file, "utf8"), /"resourceId":"mi-/);
    await assert.rejects(stat(join(t.dataDir, "buckets", "local-lake", `AWS:Application/accountid=${accounts.b.id}`)));
  });

  it("writes each node's compliance in SSM's layout (AWS:ComplianceItem, AWS:ComplianceSummary), which the lake answers SQL over", async () => {
    const node = accounts.a.nodes[0] ?? "";
    const since = Date.now();
    await accounts.a.ssm.send(
      new PutComplianceItemsCommand({
        ResourceId: node,
        ResourceType: "ManagedInstance",
        ComplianceType: "Custom:Hardening",
        ExecutionSummary: { ExecutionTime: new Date("2026-12-01T10:00:00Z"), ExecutionId: "check-1" },
        Items: [
          { Id: "ssh-root-login", Title: "Root login over SSH is off", Severity: "HIGH", Status: "COMPLIANT" },
          {
            Id: "disk-encryption",
            Title: "Disks are encrypted",
            Severity: "CRITICAL",
            Status: "NON_COMPLIANT",
            Details: { DocumentName: "Check" },
          },
        ],
      }),
    );
    await nextRound(accounts.a.ssm, "mine", since);
    const file = join(t.dataDir, "buckets", "local-lake", layout(accounts.a.id, "AWS:ComplianceItem", node));
    const lines = (await readFile(file, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, string>);
    assert.deepEqual(
      lines.map((l) => [l.Id, l.Status, l.Severity, l.ComplianceType, l.ExecutionId, l.resourceId]),
      [
        ["disk-encryption", "NON_COMPLIANT", "CRITICAL", "Custom:Hardening", "check-1", node],
        ["ssh-root-login", "COMPLIANT", "HIGH", "Custom:Hardening", "check-1", node],
      ],
    );
    const aKeys = await keysOf(accounts.a.id);
    const query = (QueryString: string) =>
      apiClient(t.endpoint, aKeys).call<Answer>("Bosun.QueryResourceDataSync", { SyncName: "mine", QueryString });
    assert.deepEqual((await query("SELECT id, status, documentname FROM aws_complianceitem WHERE status = 'NON_COMPLIANT'")).Rows, [
      ["disk-encryption", "NON_COMPLIANT", "Check"],
    ]);
    assert.deepEqual(
      (
        await query(
          "SELECT compliancetype, status, overallseverity, noncompliantcriticalcount, complianthighcount FROM aws_compliancesummary",
        )
      ).Rows,
      [["Custom:Hardening", "NON_COMPLIANT", "CRITICAL", "1", "1"]],
    );
  });

  it("answers SQL over the lake: the organization's S3 bucket (through the S3 client) and a member's folder, each scoped", async () => {
    const query = (keys: Keys, SyncName: string, QueryString: string, extra: Record<string, unknown> = {}) =>
      apiClient(t.endpoint, keys).call<Answer>("Bosun.QueryResourceDataSync", { SyncName, QueryString, ...extra });
    const vulnerable =
      "SELECT accountid, resourceId FROM aws_application WHERE name = 'log4j-core' AND version LIKE '2.14%' ORDER BY accountid, resourceId";
    const a = accounts.a;
    const b = accounts.b;
    const everywhere = [...a.nodes.map((n) => [a.id, n]), ...b.nodes.map((n) => [b.id, n])].sort((x, y) =>
      `${x[0]}${x[1]}`.localeCompare(`${y[0]}${y[1]}`),
    );
    const org = await query(management.admin, "org", vulnerable);
    assert.deepEqual(
      org.Columns.map((c) => c.Name),
      ["accountid", "resourceId"],
    );
    assert.deepEqual(org.Rows, everywhere, "the management account finds the package in both members");
    assert.equal(org.Truncated, false);
    const aKeys = await keysOf(a.id);
    assert.deepEqual((await query(aKeys, "mine", vulnerable)).Rows, a.nodes.map((n) => [a.id, n]).sort());

    const info = await query(
      management.admin,
      "org",
      "SELECT count(*) AS n, min(region) AS region, min(resourcetype) AS rt, min(instancestatus) AS status FROM aws_instanceinformation",
    );
    assert.deepEqual(info.Rows, [[3, "us-east-1", "ManagedInstanceInventory", "ConnectionLost"]]);
    assert.deepEqual(
      (await query(management.admin, "org", "SELECT count(*) FROM aws_file")).Rows,
      [[0]],
      "a type with no data is an empty table; a count is a number",
    );
    const first = await query(management.admin, "org", "SELECT resourceId FROM aws_application", { MaxRows: 1 });
    assert.deepEqual([first.Rows.length, first.Truncated], [1, true]);

    // Member b may write to member a's bucket only once a's bucket policy lets the organization in (issue 13); its
    // queries then still see only its own account.
    const bKeys = await keysOf(b.id);
    const intoAs = () =>
      b.ssm.send(
        new CreateResourceDataSyncCommand({
          SyncName: "mine",
          S3Destination: { BucketName: "local-lake", SyncFormat: "JsonSerDe", Region: "us-east-1" },
        }),
      );
    const refusedByOwner = await intoAs().catch((e: { name: string; message: string }) => e);
    assert.equal((refusedByOwner as { name: string }).name, "ResourceDataSyncInvalidConfigurationException");
    assert.match((refusedByOwner as { message: string }).message, /belongs to another account/);
    // Member a lets its organization in with the CLI (the policy AWS documents for a central sync bucket).
    const aCredentials = join(work, "a-credentials");
    await writeFile(
      aCredentials,
      `[default]\naws_access_key_id = ${aKeys.accessKeyId}\naws_secret_access_key = ${aKeys.secretAccessKey}\n`,
    );
    const bosun = bosunBin;
    const cli = (...args: string[]) =>
      run(process.execPath, [bosun, "bucket", "policy", ...args, "--endpoint", t.endpoint, "--credentials-file", aCredentials]);
    await cli("put", "--bucket", "local-lake", "--organization", organizationId);
    assert.match((await cli("get", "--bucket", "local-lake")).stdout, new RegExp(`"aws:PrincipalOrgID": "${organizationId}"`));
    const since = Date.now();
    await intoAs();
    await nextRound(b.ssm, "mine", since);
    assert.deepEqual((await query(bKeys, "mine", "SELECT DISTINCT accountid FROM aws_application")).Rows, [[b.id]]);
    assert.equal((await expectApiError(query(bKeys, "org", "SELECT 1"))).exception, "ResourceDataSyncNotFoundException");

    const refused = async (sql: string, extra: Record<string, unknown> = {}) => {
      const error = await expectApiError(query(aKeys, "mine", sql, extra));
      assert.equal(error.exception, "ValidationException", sql);
      assert.ok(!error.message.includes(t.dataDir), "errors do not show the server's folders");
      return error.message;
    };
    assert.match(await refused(`DELETE FROM aws_application`), /SELECT/);
    assert.match(await refused("SELECT 1; SELECT 2"), /one SELECT/);
    assert.match(await refused("SELEC 1"), /syntax error/);
    assert.match(await refused("SELECT * FROM read_text('/etc/passwd')"), /Permission|disabled/);
    const otherAccount = `SELECT * FROM read_json('${join(t.dataDir, "buckets", "local-lake", "AWS:Application", `accountid=${b.id}`)}/*/*/*.json')`;
    assert.match(await refused(otherAccount), /Permission|Cannot access/);
    assert.match(await refused("COPY (SELECT 1) TO '/tmp/bosun-lake-escape.csv'"), /SELECT/);
    assert.match(await refused("SELECT count(*) FROM range(1000000000000) AS x, range(1000000) AS y", { TimeoutSeconds: 1 }), /1 s/);
    // A query runs in a child process with DuckDB's memory, the child's memory, one value and the whole result capped:
    // it may fail, and the server stays up (issue 13).
    assert.match(await refused("SELECT list(x) FROM range(100000000) AS t(x)"), /memory|larger than/i);
    assert.match(await refused("SELECT string_agg(repeat('x', 1000), ',') FROM range(10000000)"), /memory|larger than/i);
    assert.match(await refused("SELECT repeat('x', 2000000) AS big"), /value of the result is larger/);
    assert.match(await refused("SELECT repeat('x', 100000) FROM range(1000)", { MaxRows: 1000 }), /result is larger/);
    assert.deepEqual((await query(aKeys, "mine", "SELECT 40 + 2 AS answer")).Rows, [[42]], "the server answers after them");
    const settings = JSON.stringify((await query(aKeys, "mine", "SELECT name, value FROM duckdb_settings()", { MaxRows: 10_000 })).Rows);
    assert.ok(settings.includes("allowed_directories") && !settings.includes(t.dataDir), "DuckDB's settings show no server folder");
    await refused("SELECT 1", { MaxRows: 0 });
    await refused("SELECT 1", { MaxRows: 10_001 });
    await refused("SELECT 1", { TimeoutSeconds: 301 });
    await refused("");
  });

  it("`bosun query` prints results from a folder or through the server, and `bosun query ddl` prints Athena's DDL", async () => {
    const bosun = bosunBin;
    const credentials = join(work, "credentials");
    await writeFile(
      credentials,
      `[default]\naws_access_key_id = ${management.admin.accessKeyId}\naws_secret_access_key = ${management.admin.secretAccessKey}\n`,
    );
    const sql = "SELECT accountid, count(*) AS nodes FROM aws_instanceinformation GROUP BY accountid ORDER BY accountid";
    const local = await run(process.execPath, [bosun, "query", sql, "--data-dir", t.dataDir, "--bucket", "local-lake", "--output", "csv"]);
    assert.equal(
      local.stdout,
      `accountid,nodes\n${[accounts.a.id, accounts.b.id]
        .sort()
        .map((id) => `${id},${id === accounts.a.id ? 2 : 1}`)
        .join("\n")}\n`,
    );
    const served = await run(process.execPath, [
      bosun,
      "query",
      "SELECT DISTINCT accountid FROM aws_application ORDER BY 1",
      "--sync",
      "org",
      "--endpoint",
      t.endpoint,
      "--credentials-file",
      credentials,
      "--output",
      "json",
    ]);
    assert.deepEqual(
      JSON.parse(served.stdout),
      [accounts.a.id, accounts.b.id].sort().map((accountid) => ({ accountid })),
    );
    const ddl = (await run(process.execPath, [bosun, "query", "ddl", "--bucket", "org-inventory", "--prefix", "inventory"])).stdout;
    assert.match(ddl, /CREATE EXTERNAL TABLE IF NOT EXISTS `bosun_inventory`\.`aws_application` \(\n {2}`name` string,/);
    assert.match(ddl, /PARTITIONED BY \(`accountid` string, `region` string, `resourcetype` string\)/);
    assert.match(ddl, /ROW FORMAT SERDE 'org\.openx\.data\.jsonserde\.JsonSerDe'/);
    assert.match(ddl, /LOCATION 's3:\/\/org-inventory\/inventory\/AWS:InstanceInformation\/';/);
    assert.match(ddl, /MSCK REPAIR TABLE `bosun_inventory`\.`aws_application`;/);
    const bad = await run(process.execPath, [bosun, "query", "DROP TABLE aws_application", "--folder", work]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    assert.ok("code" in bad && bad.code === 1 && /SELECT/.test(bad.stderr), "a statement that is not a SELECT fails the command");
  });

  it("rewrites only what changed, and removes a deregistered node's objects", async () => {
    const changedNode = accounts.a.nodes[0] ?? "";
    const changedKey = layout(accounts.a.id, "AWS:Application", changedNode, "inventory/");
    await put(accounts.a.ssm, changedNode, "2.17.1");
    const written = await roundsUntil(mgmt, async () => /"Version":"2\.17\.1"/.test(await s3Text(changedKey).catch(() => "")));
    assert.deepEqual(written, ["1 objects written, 0 deleted."], "one object rewritten, in one round; no other round wrote");

    const gone = accounts.a.nodes[1] ?? "";
    await accounts.a.ssm.send(new DeregisterManagedInstanceCommand({ InstanceId: gone }));
    const deleted = await roundsUntil(mgmt, async () => !(await s3Keys_("inventory/")).some((key) => key.includes(gone)));
    assert.deepEqual(deleted, ["0 objects written, 2 deleted."], "the node's two objects deleted in one round, nothing written");
    await nextRound(accounts.a.ssm, "mine", Date.now());
    await assert.rejects(stat(join(t.dataDir, "buckets", "local-lake", layout(accounts.a.id, "AWS:Application", gone))));
  });

  it("lets each member sync its own data into the central bucket the organization may write (AWS's organization-wide way)", async () => {
    // The central bucket is the management account's; its policy opens it to the organization.
    await apiClient(t.endpoint, management.admin).call("Bosun.PutBucketPolicy", {
      Bucket: "org-inventory",
      Policy: organizationPolicy("org-inventory", organizationId),
    });
    const since = Date.now();
    await accounts.b.ssm.send(
      new CreateResourceDataSyncCommand({
        SyncName: "to-central",
        S3Destination: {
          BucketName: "org-inventory",
          Prefix: "members",
          SyncFormat: "JsonSerDe",
          Region: "us-east-1",
          DestinationDataSharing: { DestinationDataSharingType: "Organization" },
        },
      }),
    );
    await nextRound(accounts.b.ssm, "to-central", since);
    const node = accounts.b.nodes[0] ?? "";
    assert.deepEqual(
      await s3Keys_("members/"),
      [
        layout(accounts.b.id, "AWS:Application", node, "members/"),
        layout(accounts.b.id, "AWS:InstanceInformation", node, "members/"),
        `members/AWS:InstanceInformation/accountid=${accounts.b.id}/test.json`,
      ].sort(),
      "the member's own data only, and its marker",
    );
  });

  it("refuses bad configurations with SSM's errors", async () => {
    const fail = async (call: Promise<unknown>) => {
      try {
        await call;
      } catch (error) {
        return error as { name: string; SyncName?: string };
      }
      throw new Error("the call succeeded");
    };
    const create = (client: SSMClient, input: ConstructorParameters<typeof CreateResourceDataSyncCommand>[0]) =>
      fail(client.send(new CreateResourceDataSyncCommand(input)));
    const dest = { BucketName: "org-inventory", SyncFormat: "JsonSerDe" as const, Region: "us-east-1" };
    const invalid = "ResourceDataSyncInvalidConfigurationException";
    assert.equal((await create(mgmt, { SyncName: "x" })).name, invalid);
    assert.equal(
      (
        await create(mgmt, {
          SyncName: "x",
          SyncType: "SyncFromSource",
          SyncSource: { SourceType: "AwsOrganizations", SourceRegions: ["us-east-1"] },
        })
      ).name,
      invalid,
    );
    assert.equal((await create(mgmt, { SyncName: "x", S3Destination: { ...dest, BucketName: "Bad_Bucket" } })).name, invalid);
    assert.equal(
      (await create(mgmt, { SyncName: "x", S3Destination: { ...dest, AWSKMSKeyARN: "arn:aws:kms:us-east-1:1:key/k" } })).name,
      invalid,
    );
    assert.equal(
      (await create(mgmt, { SyncName: "x", S3Destination: { ...dest, DestinationDataSharing: { DestinationDataSharingType: "Account" } } }))
        .name,
      invalid,
    );
    const outsider = ssmFor((await newAccount(t, "no-organization")).admin);
    const outside = await create(outsider, {
      SyncName: "x",
      S3Destination: { ...dest, DestinationDataSharing: { DestinationDataSharingType: "Organization" } },
    });
    assert.equal(outside.name, invalid, "an account in no organization cannot share with one");
    const duplicate = await create(mgmt, { SyncName: "org", S3Destination: dest });
    assert.deepEqual([duplicate.name, duplicate.SyncName], ["ResourceDataSyncAlreadyExistsException", "org"]);
    assert.equal(
      (
        await create(mgmt, {
          SyncName: "org2",
          S3Destination: { ...dest, DestinationDataSharing: { DestinationDataSharingType: "Organization" } },
        })
      ).name,
      "ResourceDataSyncCountExceededException",
    );
    for (let i = 2; i <= 5; i++) await mgmt.send(new CreateResourceDataSyncCommand({ SyncName: `s${i}`, S3Destination: dest }));
    assert.equal((await create(mgmt, { SyncName: "s6", S3Destination: dest })).name, "ResourceDataSyncCountExceededException");
    assert.equal(
      (await create(mgmt, { SyncName: "y", S3Destination: { ...dest, SyncFormat: "Parquet" as "JsonSerDe" } })).name,
      "ValidationException",
    );
    assert.equal((await create(mgmt, { SyncName: "", S3Destination: dest })).name, "ValidationException");
    assert.equal((await fail(mgmt.send(new ListResourceDataSyncCommand({ MaxResults: 51 })))).name, "ValidationException");
    const update = (SyncName: string) =>
      fail(
        mgmt.send(
          new UpdateResourceDataSyncCommand({
            SyncName,
            SyncType: "SyncToDestination",
            SyncSource: { SourceType: "SingleAccountMultiRegions", SourceRegions: ["us-east-1"] },
          }),
        ),
      );
    assert.equal((await update("nope")).name, "ResourceDataSyncNotFoundException");
    assert.equal((await update("org")).name, invalid);
    assert.equal(
      (await fail(accounts.b.ssm.send(new DeleteResourceDataSyncCommand({ SyncName: "org" })))).name,
      "ResourceDataSyncNotFoundException",
      "another account's sync is not found",
    );
    const page = await mgmt.send(new ListResourceDataSyncCommand({ MaxResults: 2 }));
    assert.equal(page.ResourceDataSyncItems?.length, 2);
    assert.ok(page.NextToken);
  });

  it("lists and deletes through the real AWS CLI", { skip: awsCliMissing() }, async () => {
    const home = await mkdtemp(join(tmpdir(), "bosun-sync-cli-"));
    try {
      const stranger = await newAccount(t, "stranger");
      const listed = (await awsCli(t, home, stranger.admin, "ssm", "list-resource-data-sync")) as {
        ResourceDataSyncItems: { SyncName: string }[];
      };
      assert.deepEqual(listed.ResourceDataSyncItems, [], "another account has no syncs");
      const own = (await awsSsm(t, home, "list-resource-data-sync")) as { ResourceDataSyncItems: { SyncName: string }[] };
      assert.ok(
        own.ResourceDataSyncItems.some((i) => i.SyncName === "org"),
        "the management account lists its sync",
      );
      await mgmt.send(new DeleteResourceDataSyncCommand({ SyncName: "org" }));
      assert.equal(await syncItem(mgmt, "org"), undefined);
      const again = await mgmt.send(new DeleteResourceDataSyncCommand({ SyncName: "org" })).catch((e: { name: string }) => e.name);
      assert.equal(again, "ResourceDataSyncNotFoundException");
      assert.ok((await s3Keys_("inventory/")).length > 0, "deleting a sync leaves its objects, as SSM does");
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
