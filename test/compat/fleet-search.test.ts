/**
 * @module Fleet search (Bosun.SearchInventory and `bosun inventory search`): conditions across inventory types, tags
 * and node fields, ANDed; one entry holds a type's conditions; versions ordered per ecosystem; pages; CSV.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { AddTagsToResourceCommand, CreateActivationCommand, PutInventoryCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { sql } from "kysely";
import type { ApiClient } from "../../src/cli/api-client.ts";
import { registerAgentProcess } from "../kit/agents.ts";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { bosunBin } from "../kit/bosun-bin.ts";
import { type Fleet, startFleet } from "../kit/fleet.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

const run = promisify(execFile);
let t: TestServer;
let ssm: SSMClient;
let api: ApiClient;
let fleet: Fleet;
let offline: string;
let work: string;
const captured = "2026-11-22T10:00:00Z";
const java = (Name: string, Version: string) => ({
  Name,
  Version,
  ApplicationType: "unpackaged/java",
  Path: `/opt/app/${Name}-${Version}.jar`,
});
const deb = (Name: string, Version: string) => ({ Name, Version, ApplicationType: "libs", PackageId: `${Name}_${Version}_amd64.deb` });

before(async () => {
  t = await startTestServer({ heartbeatIntervalMs: 500 });
  ssm = t.ssm();
  api = apiClient(t.endpoint, t.admin);
  work = await mkdtemp(join(tmpdir(), "bosun-search-"));
  fleet = await startFleet(t, ssm, { prod1: { env: "prod" }, prod2: { env: "prod" }, dev: { env: "dev" } });
  const activation = await ssm.send(new CreateActivationCommand({ IamRole: "R" }));
  offline = await registerAgentProcess(t.endpoint, join(work, "offline"), activation);
  await ssm.send(
    new AddTagsToResourceCommand({ ResourceType: "ManagedInstance", ResourceId: offline, Tags: [{ Key: "env", Value: "prod" }] }),
  );
  const put = (id: string, content: Record<string, string>[]) =>
    ssm.send(
      new PutInventoryCommand({
        InstanceId: id,
        Items: [{ TypeName: "AWS:Application", SchemaVersion: "1.1", CaptureTime: captured, Content: content }],
      }),
    );
  await put(fleet.node("prod1").id, [java("log4j-core", "2.14.1"), deb("openssl", "3.0.11-1~deb12u2")]);
  await put(fleet.node("prod2").id, [java("log4j-core", "2.17.1"), java("commons-text", "1.9"), deb("openssl", "3.0.11-1")]);
  await put(fleet.node("dev").id, [java("log4j-core", "2.9.0")]);
  await put(offline, [java("log4j-core", "2.14.1")]);
});
after(async () => {
  await fleet?.stop();
  await t?.close();
  await rm(work, { recursive: true, force: true });
});

type Row = { InstanceId: string; PingStatus: string; Attributes?: Record<string, string> };
const search = async (conditions: { Key: string; Operator: string; Values: string[] }[]) =>
  (await api.call<{ Results: Row[]; TotalCount: number }>("Bosun.SearchInventory", { Conditions: conditions })).Results;
const c = (Key: string, Operator: string, ...Values: string[]) => ({ Key, Operator, Values });

describe("fleet search", () => {
  it("finds log4j-core < 2.17 on Online prod nodes, comparing versions as versions", async () => {
    const rows = await search([
      c("AWS:Application.Name", "Equal", "log4j-core"),
      c("AWS:Application.Version", "LessThan", "2.17"),
      c("tag:env", "Equal", "prod"),
      c("PingStatus", "Equal", "Online"),
    ]);
    assert.deepEqual(
      rows.map((r) => r.InstanceId),
      [fleet.node("prod1").id],
    );
    assert.equal(rows[0]?.Attributes?.Path, "/opt/app/log4j-core-2.14.1.jar");
    const anyStatus = await search([
      c("AWS:Application.Name", "Equal", "log4j-core"),
      c("AWS:Application.Version", "LessThan", "2.17"),
      c("tag:env", "Equal", "prod"),
    ]);
    assert.deepEqual(anyStatus.map((r) => r.InstanceId).sort(), [fleet.node("prod1").id, offline].sort());
    assert.equal(anyStatus.find((r) => r.InstanceId === offline)?.PingStatus, "ConnectionLost");
    const anyEnv = await search([c("AWS:Application.Name", "Equal", "log4j-core"), c("AWS:Application.Version", "LessThan", "2.17")]);
    assert.ok(
      anyEnv.some((r) => r.InstanceId === fleet.node("dev").id),
      "2.9.0 < 2.17 (a string compare would say otherwise)",
    );
  });

  it("holds one type's conditions on the same entry, and orders dpkg versions with ~", async () => {
    const sameEntry = await search([c("AWS:Application.Name", "Equal", "log4j-core"), c("AWS:Application.Version", "LessThan", "2.0")]);
    assert.deepEqual(sameEntry, [], "commons-text 1.9 on prod2 does not make its log4j-core older than 2.0");
    const openssl = await search([c("AWS:Application.Name", "Equal", "openssl"), c("AWS:Application.Version", "LessThan", "3.0.11-1")]);
    assert.deepEqual(
      openssl.map((r) => r.InstanceId),
      [fleet.node("prod1").id],
    );
    const prefix = await search([c("AWS:Application.Name", "BeginWith", "commons-")]);
    assert.deepEqual(
      prefix.map((r) => r.Attributes?.Name),
      ["commons-text"],
    );
    const nodesOnly = await search([c("tag-key", "Equal", "env"), c("PlatformType", "Equal", "Linux")]);
    assert.equal(nodesOnly.length, 3, "the offline node never said its platform");
  });

  it("pages, and refuses conditions it cannot read", async () => {
    const first = await api.call<{ Results: Row[]; NextToken?: string; TotalCount: number }>("Bosun.SearchInventory", {
      Conditions: [c("AWS:Application.Name", "Equal", "log4j-core")],
      MaxResults: 3,
    });
    assert.equal(first.Results.length, 3);
    assert.equal(first.TotalCount, 4);
    const second = await api.call<{ Results: Row[]; NextToken?: string }>("Bosun.SearchInventory", {
      Conditions: [c("AWS:Application.Name", "Equal", "log4j-core")],
      MaxResults: 3,
      NextToken: first.NextToken,
    });
    assert.equal(second.Results.length, 1);
    assert.equal(second.NextToken, undefined);
    const bad = (conditions: unknown[]) => expectApiError(api.call("Bosun.SearchInventory", { Conditions: conditions }));
    assert.equal((await bad([c("Colour", "Equal", "red")])).exception, "InvalidFilter");
    assert.equal((await bad([c("AWS:Application.Colour", "Equal", "red")])).exception, "InvalidFilter");
    assert.equal((await bad([c("AWS:Application.Name", "Equal")])).exception, "InvalidFilter");
    assert.equal((await bad([c("AWS:Application.Name", "Like", "x")])).exception, "ValidationException");
    assert.equal((await expectApiError(api.call("Bosun.SearchInventory", {}))).exception, "ValidationException");
  });

  it("`bosun inventory search` prints a table, JSON or CSV", async () => {
    const credentials = join(work, "credentials");
    await writeFile(
      credentials,
      `[default]\naws_access_key_id = ${t.admin.accessKeyId}\naws_secret_access_key = ${t.admin.secretAccessKey}\n`,
    );
    const bosun = bosunBin;
    const args = [
      "inventory",
      "search",
      "--endpoint",
      t.endpoint,
      "--credentials-file",
      credentials,
      "--where",
      "AWS:Application.Name = log4j-core",
      "--where",
      "AWS:Application.Version < 2.17",
      "--where",
      "tag:env = prod",
    ];
    const csv = (await run(process.execPath, [bosun, ...args, "--output", "csv"])).stdout.trim().split("\n");
    assert.equal(csv[0], "InstanceId,ComputerName,PingStatus,PlatformName,PlatformVersion,Name,Version,ApplicationType,Path");
    assert.equal(csv.length, 3);
    assert.ok(csv.some((line) => line.startsWith(`${offline},`) && line.includes(",ConnectionLost,")));
    const table = (await run(process.execPath, [bosun, ...args])).stdout;
    assert.match(table, /^InstanceId\s+ComputerName/);
    const json = JSON.parse((await run(process.execPath, [bosun, ...args, "--output", "json"])).stdout) as Row[];
    assert.equal(json.length, 2);
  });

  it("follows a node's new content: the old version is gone, and racing puts leave one copy", async () => {
    const dev = fleet.node("dev").id;
    const put = (content: Record<string, string>[]) =>
      ssm.send(
        new PutInventoryCommand({
          InstanceId: dev,
          Items: [{ TypeName: "AWS:Application", SchemaVersion: "1.1", CaptureTime: captured, Content: content }],
        }),
      );
    await put([deb("zlib1g", "1:1.2.13"), java("log4j-core", "2.17.2")]);
    const old = await search([c("AWS:Application.Name", "Equal", "log4j-core"), c("AWS:Application.Version", "LessThan", "2.10")]);
    assert.deepEqual(old, [], "the 2.9.0 entry went with the content it was in");
    const upgraded = await search([c("AWS:Application.Name", "Equal", "log4j-core"), c("AWS:Application.Version", "Equal", "2.17.2")]);
    assert.deepEqual(
      upgraded.map((r) => [r.InstanceId, r.Attributes?.Path]),
      [[dev, "/opt/app/log4j-core-2.17.2.jar"]],
    );
    // Puts for one node that share a transaction (group commit): whichever commits last is what search sees.
    await Promise.all(["2.18.0", "2.19.0", "2.20.0"].map((v) => put([java("log4j-core", v), deb("zlib1g", "1:1.3")])));
    const listed = await api.call<{ Entries: Record<string, string>[] }>("AmazonSSM.ListInventoryEntries", {
      InstanceId: dev,
      TypeName: "AWS:Application",
    });
    const current = listed.Entries[0]?.Version;
    const found = await search([c("AWS:Application.Name", "BeginWith", "log4j"), c("ComputerName", "Exists")]);
    assert.deepEqual(
      found.filter((r) => r.InstanceId === dev).map((r) => r.Attributes?.Version),
      [current],
      "one entry for the node, the stored one",
    );
    // The same content again (a periodic gathering that found nothing new) refreshes the capture time only.
    const db = t.server.services.database.db;
    const indexState = async () =>
      JSON.stringify(
        (await sql`select name_id, generation, postings from inventory_name_postings order by name_id, generation`.execute(db)).rows,
      );
    const before = await indexState();
    await ssm.send(
      new PutInventoryCommand({
        InstanceId: dev,
        Items: [{ TypeName: "AWS:Application", SchemaVersion: "1.1", CaptureTime: "2026-11-22T12:00:00Z", Content: listed.Entries }],
      }),
    );
    assert.equal(await indexState(), before, "no postings rewritten");
    const again = await api.call<{ CaptureTime: string }>("AmazonSSM.ListInventoryEntries", {
      InstanceId: dev,
      TypeName: "AWS:Application",
    });
    assert.equal(again.CaptureTime, "2026-11-22T12:00:00Z");
    // A condition on another attribute reads the entries themselves (not only the name index).
    const byType = await search([c("AWS:Application.Name", "Equal", "zlib1g"), c("AWS:Application.ApplicationType", "Equal", "libs")]);
    assert.deepEqual(
      byType.map((r) => [r.InstanceId, r.Attributes?.Version]),
      [[dev, "1:1.3"]],
    );
  });
});
