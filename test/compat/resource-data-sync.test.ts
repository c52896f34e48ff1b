/**
 * @module Resource data sync: an organization of three accounts with nodes in two members; the management account
 * syncs the whole organization to an S3 bucket (s3rver, a real S3 HTTP server on loopback) and a member syncs its own
 * account to a folder bucket. Keys and lines follow SSM's layout; only changed items are rewritten; a deregistered
 * node's objects leave the destination; bad configurations get SSM's errors.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import {
  CreateActivationCommand,
  CreateResourceDataSyncCommand,
  DeleteResourceDataSyncCommand,
  DeregisterManagedInstanceCommand,
  ListResourceDataSyncCommand,
  PutInventoryCommand,
  type ResourceDataSyncItem,
  SSMClient,
  UpdateResourceDataSyncCommand,
} from "@aws-sdk/client-ssm";
import { adminKeysOf, newAccount } from "../kit/accounts.ts";
import { registerAgentProcess } from "../kit/agents.ts";
import { awsCliMissing, awsSsm } from "../kit/aws-cli.ts";
import { s3Credentials, startS3, type TestS3 } from "../kit/s3.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

type Keys = { accessKeyId: string; secretAccessKey: string };
let s3server: TestS3;
let s3: S3Client;
let t: TestServer;
let work: string;
let management: { accountId: string; admin: Keys };
const accounts: Record<"a" | "b", { id: string; ssm: SSMClient; nodes: string[] }> = {} as never;
const clients: { destroy(): void }[] = [];

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
  management = await newAccount(t, "management");
  const org = new OrganizationsClient({ endpoint: t.endpoint, region: "us-east-1", credentials: management.admin, maxAttempts: 1 });
  clients.push(org);
  await org.send(new CreateOrganizationCommand({}));
  for (const [key, count] of [
    ["a", 2],
    ["b", 1],
  ] as const) {
    const created = await org.send(new CreateAccountCommand({ Email: `${key}@example.com`, AccountName: `member-${key}` }));
    const id = created.CreateAccountStatus?.AccountId ?? "";
    const ssm = ssmFor(await adminKeysOf(t, id));
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
    const expected = nodes
      .flatMap(([account, node]) => ["AWS:Application", "AWS:InstanceInformation"].map((type) => layout(account, type, node, "inventory/")))
      .sort();
    assert.deepEqual(await s3Keys_("inventory/"), expected);
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

  it("rewrites only what changed, and removes a deregistered node's objects", async () => {
    const changedNode = accounts.a.nodes[0] ?? "";
    const before = Date.now();
    await put(accounts.a.ssm, changedNode, "2.17.1");
    const round = await nextRound(mgmt, "org", before);
    assert.equal(round.LastSyncStatusMessage, "1 objects written, 0 deleted.");
    assert.match(await s3Text(layout(accounts.a.id, "AWS:Application", changedNode, "inventory/")), /"Version":"2\.17\.1"/);

    const gone = accounts.a.nodes[1] ?? "";
    const since = Date.now();
    await accounts.a.ssm.send(new DeregisterManagedInstanceCommand({ InstanceId: gone }));
    const after = await nextRound(mgmt, "org", since);
    assert.equal(after.LastSyncStatusMessage, "0 objects written, 2 deleted.");
    assert.ok(!(await s3Keys_("inventory/")).some((key) => key.includes(gone)), "no object of the deregistered node is left");
    await nextRound(accounts.a.ssm, "mine", Date.now());
    await assert.rejects(stat(join(t.dataDir, "buckets", "local-lake", layout(accounts.a.id, "AWS:Application", gone))));
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
    const memberOrg = await create(accounts.b.ssm, {
      SyncName: "x",
      S3Destination: { ...dest, DestinationDataSharing: { DestinationDataSharingType: "Organization" } },
    });
    assert.equal(memberOrg.name, invalid, "a member cannot sync the organization");
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
      const listed = (await awsSsm(t, home, "list-resource-data-sync")) as { ResourceDataSyncItems: { SyncName: string }[] };
      assert.deepEqual(listed.ResourceDataSyncItems, [], "the operator's account has no syncs");
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
