/**
 * @module PutInventory, ListInventoryEntries and GetInventorySchema through @aws-sdk/client-ssm, with every
 * PutInventory limit.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  CreateActivationCommand,
  GetInventorySchemaCommand,
  ListInventoryEntriesCommand,
  PutInventoryCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { sql } from "kysely";
import type { ApiClient } from "../../src/cli/api-client.ts";
import { contentHashOf } from "../../src/server/capabilities/inventory/inventory-item-rules.ts";
import { newAccount } from "../kit/accounts.ts";
import { registerAgentProcess } from "../kit/agents.ts";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

let t: TestServer;
let ssm: SSMClient;
let api: ApiClient;
let work: string;
let node: string;
const captured = "2026-11-22T10:00:00Z";

const apps = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ Name: `pkg-${String(i).padStart(4, "0")}`, Version: `1.${i}.0`, ApplicationType: "dpkg" }));

before(async () => {
  t = await startTestServer();
  ssm = t.ssm();
  api = apiClient(t.endpoint, t.admin);
  work = await mkdtemp(join(tmpdir(), "bosun-inventory-"));
  const activation = await ssm.send(new CreateActivationCommand({ IamRole: "R" }));
  node = await registerAgentProcess(t.endpoint, join(work, "node"), activation);
});
after(async () => {
  await t.close();
  await rm(work, { recursive: true, force: true });
});

describe("inventory", () => {
  it("keeps a node's applications and lists them with filters and pages", async () => {
    await ssm.send(
      new PutInventoryCommand({
        InstanceId: node,
        Items: [{ TypeName: "AWS:Application", SchemaVersion: "1.1", CaptureTime: captured, Content: apps(120) }],
      }),
    );
    const first = await ssm.send(new ListInventoryEntriesCommand({ InstanceId: node, TypeName: "AWS:Application", MaxResults: 50 }));
    assert.equal(first.SchemaVersion, "1.1");
    assert.equal(first.CaptureTime, captured);
    assert.equal(first.Entries?.length, 50);
    const seen = [...(first.Entries ?? [])];
    let token = first.NextToken;
    while (token) {
      const page = await ssm.send(new ListInventoryEntriesCommand({ InstanceId: node, TypeName: "AWS:Application", NextToken: token }));
      seen.push(...(page.Entries ?? []));
      token = page.NextToken;
    }
    assert.deepEqual(seen, apps(120));
    const filtered = await ssm.send(
      new ListInventoryEntriesCommand({
        InstanceId: node,
        TypeName: "AWS:Application",
        Filters: [
          { Key: "AWS:Application.Name", Values: ["pkg-000"], Type: "BeginWith" },
          { Key: "Version", Values: ["1.5.0"], Type: "NotEqual" },
        ],
      }),
    );
    assert.deepEqual(
      filtered.Entries?.map((e) => e.Name),
      ["pkg-0000", "pkg-0001", "pkg-0002", "pkg-0003", "pkg-0004", "pkg-0006", "pkg-0007", "pkg-0008", "pkg-0009"],
    );
    const none = await ssm.send(new ListInventoryEntriesCommand({ InstanceId: node, TypeName: "Custom:Never" }));
    assert.deepEqual(none.Entries, []);
  });

  it("keeps the content when only its unchanged ContentHash is sent, and refuses a hash it does not hold", async () => {
    const content = [{ Owner: "team-a", Rack: "r1" }];
    await ssm.send(
      new PutInventoryCommand({
        InstanceId: node,
        Items: [{ TypeName: "Custom:Rack", SchemaVersion: "1.0", CaptureTime: captured, Content: content }],
      }),
    );
    await ssm.send(
      new PutInventoryCommand({
        InstanceId: node,
        Items: [
          { TypeName: "Custom:Rack", SchemaVersion: "1.0", CaptureTime: "2026-11-22T11:00:00Z", ContentHash: contentHashOf(content) },
        ],
      }),
    );
    const listed = await ssm.send(new ListInventoryEntriesCommand({ InstanceId: node, TypeName: "Custom:Rack" }));
    assert.deepEqual(listed.Entries, content);
    assert.equal(listed.CaptureTime, "2026-11-22T11:00:00Z");
    const mismatch = await expectApiError(
      api.call("AmazonSSM.PutInventory", {
        InstanceId: node,
        Items: [{ TypeName: "Custom:Rack", SchemaVersion: "1.0", CaptureTime: captured, ContentHash: "not-the-hash" }],
      }),
    );
    assert.equal(mismatch.exception, "ItemContentMismatchException");
  });

  it("describes built-in and custom types, a type alone, and pages of 50 or more", async () => {
    const all = await ssm.send(new GetInventorySchemaCommand({}));
    const names = all.Schemas?.map((s) => s.TypeName) ?? [];
    assert.ok(names.includes("AWS:Application") && names.includes("AWS:InstanceInformation") && names.includes("Custom:Rack"));
    const application = (await ssm.send(new GetInventorySchemaCommand({ TypeName: "AWS:Application" }))).Schemas ?? [];
    assert.equal(application.length, 1);
    assert.equal(application[0]?.Version, "1.1");
    assert.ok(application[0]?.Attributes?.some((a) => a.Name === "Version" && a.DataType === "string"));
    const rack = (await ssm.send(new GetInventorySchemaCommand({ TypeName: "Custom:Rack" }))).Schemas?.[0];
    assert.deepEqual(
      rack?.Attributes?.map((a) => a.Name),
      ["Owner", "Rack"],
    );
    const file = (await ssm.send(new GetInventorySchemaCommand({ TypeName: "AWS:File" }))).Schemas?.[0];
    assert.equal(file?.Attributes?.find((a) => a.Name === "Size")?.DataType, "number");
    assert.deepEqual((await ssm.send(new GetInventorySchemaCommand({ SubType: true }))).Schemas, []);
    const aggregators = (await ssm.send(new GetInventorySchemaCommand({ Aggregator: true }))).Schemas ?? [];
    assert.deepEqual(
      aggregators.map((a) => [a.TypeName, a.DisplayName, a.Attributes?.map((x) => x.Name)]),
      [["AWS:InstanceInformation", "Platform", ["PlatformName", "PlatformType", "PlatformVersion"]]],
    );
  });

  it("answers every PutInventory limit and bad item with the model's error, and stores nothing", async () => {
    const snapshot = async () => {
      const db = t.server.services.database.db;
      const parts = [];
      for (const table of ["inventory_items", "inventory_names", "inventory_name_postings", "inventory_custom_types"])
        parts.push(JSON.stringify((await sql`select * from ${sql.table(table)}`.execute(db)).rows.map((r) => JSON.stringify(r)).sort()));
      return parts.join("\n");
    };
    const item = (extra: Record<string, unknown>) => ({
      TypeName: "Custom:Bad",
      SchemaVersion: "1.0",
      CaptureTime: captured,
      Content: [{ A: "b" }],
      ...extra,
    });
    const put = (items: unknown[], instanceId = node) => api.call("AmazonSSM.PutInventory", { InstanceId: instanceId, Items: items });
    const cases: [string, () => Promise<unknown>, string, string?][] = [
      ["no items", () => put([]), "ValidationException", "'items'"],
      ["31 items", () => put(Array.from({ length: 31 }, (_, i) => item({ TypeName: `Custom:T${i}` }))), "ValidationException", "'items'"],
      [
        "10,001 entries",
        () => put([item({ Content: Array.from({ length: 10_001 }, () => ({ A: "b" })) })]),
        "ValidationException",
        "'items.1.member.content'",
      ],
      [
        "51 attributes",
        () => put([item({ Content: [Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`a${i}`, "v"]))] })]),
        "ValidationException",
      ],
      ["a 65-character attribute name", () => put([item({ Content: [{ ["a".repeat(65)]: "v" }] })]), "ValidationException"],
      ["a 4,097-character value", () => put([item({ Content: [{ A: "v".repeat(4097) }] })]), "ValidationException"],
      [
        "a capture time that is not UTC",
        () => put([item({ CaptureTime: "2026-11-22 10:00" })]),
        "ValidationException",
        "'items.1.member.captureTime'",
      ],
      ["a malformed schema version", () => put([item({ SchemaVersion: "1" })]), "ValidationException", "'items.1.member.schemaVersion'"],
      ["a type name without a prefix", () => put([item({ TypeName: "Rack" })]), "ValidationException", "'items.1.member.typeName'"],
      ["an AWS type that does not exist", () => put([item({ TypeName: "AWS:Nope" })]), "InvalidTypeNameException"],
      ["a type the service makes", () => put([item({ TypeName: "AWS:InstanceInformation", Content: [] })]), "InvalidTypeNameException"],
      ["a custom name with spaces", () => put([item({ TypeName: "Custom:has space" })]), "InvalidTypeNameException"],
      [
        "the wrong schema version of an AWS type",
        () => put([item({ TypeName: "AWS:Application", SchemaVersion: "1.0", Content: [] })]),
        "UnsupportedInventorySchemaVersionException",
      ],
      [
        "an attribute an AWS type lacks",
        () => put([item({ TypeName: "AWS:Application", SchemaVersion: "1.1", Content: [{ Colour: "red" }] })]),
        "InvalidItemContentException",
      ],
      ["neither content nor hash", () => put([item({ Content: undefined })]), "InvalidItemContentException"],
      ["a type twice in one call", () => put([item({}), item({})]), "InvalidItemContentException"],
      [
        "a custom item over 200 KB",
        () => put([item({ Content: Array.from({ length: 60 }, () => ({ A: "v".repeat(4000) })) })]),
        "ItemSizeLimitExceededException",
      ],
      ["a hash for content never put", () => put([item({ Content: undefined, ContentHash: "abc" })]), "ItemContentMismatchException"],
      ["a node that does not exist", () => put([item({})], "mi-0123456789abcdef0"), "InvalidInstanceId"],
      ["a malformed node id", () => put([item({})], "node-1"), "ValidationException", "'instanceId'"],
      ["content of the wrong type", () => put([item({ Content: "x" })]), "SerializationException"],
    ];
    const before = await snapshot();
    for (const [description, call, exception, mentions] of cases) {
      const error = await expectApiError(call()).catch((e: Error) => {
        throw new Error(`${description}: ${e.message}`);
      });
      assert.equal(error.exception, exception, `${description}: ${error.message}`);
      if (mentions) assert.ok(error.message.includes(mentions), `${description}: "${error.message}" should mention ${mentions}`);
    }
    assert.equal(await snapshot(), before);
  });

  it("allows 20 custom types in an account and Region, and refuses the 21st", async () => {
    const existing = 1; // Custom:Rack
    for (let i = existing; i < 20; i++)
      await api.call("AmazonSSM.PutInventory", {
        InstanceId: node,
        Items: [{ TypeName: `Custom:T${i}`, SchemaVersion: "1.0", CaptureTime: captured, Content: [] }],
      });
    const error = await expectApiError(
      api.call("AmazonSSM.PutInventory", {
        InstanceId: node,
        Items: [{ TypeName: "Custom:OneTooMany", SchemaVersion: "1.0", CaptureTime: captured, Content: [] }],
      }),
    );
    assert.equal(error.exception, "CustomSchemaCountLimitExceededException");
  });

  it("bad input for listing and schemas, and other accounts see nothing", async () => {
    const list = (input: Record<string, unknown>) =>
      api.call("AmazonSSM.ListInventoryEntries", { InstanceId: node, TypeName: "AWS:Application", ...input });
    assert.equal((await expectApiError(list({ TypeName: "AWS:Nope" }))).exception, "InvalidTypeNameException");
    assert.equal((await expectApiError(list({ Filters: [{ Key: "Colour", Values: ["red"] }] }))).exception, "InvalidFilter");
    assert.equal(
      (await expectApiError(list({ Filters: [{ Key: "Name", Values: ["a"], Type: "Like" }] }))).exception,
      "ValidationException",
    );
    assert.equal((await expectApiError(list({ MaxResults: 51 }))).exception, "ValidationException");
    assert.equal((await expectApiError(list({ NextToken: "Zm9yZ2Vk" }))).exception, "InvalidNextToken");
    assert.equal((await expectApiError(list({ InstanceId: "mi-0123456789abcdef0" }))).exception, "InvalidInstanceId");
    assert.equal((await expectApiError(api.call("AmazonSSM.GetInventorySchema", { MaxResults: 49 }))).exception, "ValidationException");
    const other = apiClient(t.endpoint, (await newAccount(t, "other")).admin);
    assert.equal(
      (await expectApiError(other.call("AmazonSSM.ListInventoryEntries", { InstanceId: node, TypeName: "AWS:Application" }))).exception,
      "InvalidInstanceId",
    );
    const schemas = await other.call<{ Schemas: { TypeName: string }[] }>("AmazonSSM.GetInventorySchema", {});
    assert.ok(!schemas.Schemas.some((s) => s.TypeName.startsWith("Custom:")), "custom types stay in their account");
  });

  it("deletes a custom type's data, disables or deletes its schema, and lists the deletions", async () => {
    const dry = await api.call<{ DeletionSummary: { TotalCount: number; RemainingCount: number } }>("AmazonSSM.DeleteInventory", {
      TypeName: "Custom:Rack",
      DryRun: true,
    });
    assert.deepEqual([dry.DeletionSummary.TotalCount, dry.DeletionSummary.RemainingCount], [1, 1]);
    assert.equal(
      (await ssm.send(new ListInventoryEntriesCommand({ InstanceId: node, TypeName: "Custom:Rack" }))).Entries?.length,
      1,
      "a dry run deletes nothing",
    );
    const token = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const disabled = await api.call<{ DeletionId: string; DeletionSummary: { RemainingCount: number } }>("AmazonSSM.DeleteInventory", {
      TypeName: "Custom:Rack",
      SchemaDeleteOption: "DisableSchema",
      ClientToken: token,
    });
    assert.equal(disabled.DeletionSummary.RemainingCount, 0);
    assert.deepEqual((await ssm.send(new ListInventoryEntriesCommand({ InstanceId: node, TypeName: "Custom:Rack" }))).Entries, []);
    const again = await api.call<{ DeletionId: string }>("AmazonSSM.DeleteInventory", {
      TypeName: "Custom:Rack",
      SchemaDeleteOption: "DisableSchema",
      ClientToken: token,
    });
    assert.equal(again.DeletionId, disabled.DeletionId, "the client token makes the call idempotent");
    const put = await expectApiError(
      api.call("AmazonSSM.PutInventory", {
        InstanceId: node,
        Items: [{ TypeName: "Custom:Rack", SchemaVersion: "1.0", CaptureTime: captured, Content: [] }],
      }),
    );
    assert.equal(put.exception, "InvalidTypeNameException");
    await api.call("AmazonSSM.DeleteInventory", { TypeName: "Custom:T1", SchemaDeleteOption: "DeleteSchema" });
    assert.deepEqual((await ssm.send(new GetInventorySchemaCommand({ TypeName: "Custom:T1" }))).Schemas, []);
    const listed = await api.call<{ InventoryDeletions: { DeletionId: string; LastStatus: string }[] }>(
      "AmazonSSM.DescribeInventoryDeletions",
      {},
    );
    assert.equal(listed.InventoryDeletions.length, 2);
    assert.ok(listed.InventoryDeletions.every((d) => d.LastStatus === "Complete"));
    const one = await api.call<{ InventoryDeletions: { DeletionId: string }[] }>("AmazonSSM.DescribeInventoryDeletions", {
      DeletionId: disabled.DeletionId,
    });
    assert.deepEqual(
      one.InventoryDeletions.map((d) => d.DeletionId),
      [disabled.DeletionId],
    );
    const fail = (target: string, input: object) => expectApiError(api.call(`AmazonSSM.${target}`, input));
    assert.equal(
      (await fail("DescribeInventoryDeletions", { DeletionId: "00000000-0000-4000-8000-000000000000" })).exception,
      "InvalidDeletionIdException",
    );
    assert.equal((await fail("DeleteInventory", { TypeName: "AWS:Application" })).exception, "InvalidTypeNameException");
    assert.equal((await fail("DeleteInventory", { TypeName: "Custom:Never" })).exception, "InvalidTypeNameException");
    assert.equal((await fail("DeleteInventory", { TypeName: "Custom:T2", SchemaDeleteOption: "Erase" })).exception, "ValidationException");
    assert.equal((await fail("DeleteInventory", { TypeName: "Custom:T2", ClientToken: "not-a-uuid" })).exception, "ValidationException");
  });

  it("forgets a deregistered node's inventory: no stale data", async () => {
    await api.call("AmazonSSM.DeregisterManagedInstance", { InstanceId: node });
    const db = t.server.services.database.db;
    const items = await sql`select count(*) as n from inventory_items where instance_id = ${node}`.execute(db);
    assert.equal(Number((items.rows[0] as { n: number | string }).n), 0, "items");
    // The name index keeps postings as JSON: none may name the node.
    const postings = await sql`select count(*) as n from inventory_name_postings where postings like ${`%${node}%`}`.execute(db);
    assert.equal(Number((postings.rows[0] as { n: number | string }).n), 0, "postings");
    assert.equal(
      (await expectApiError(api.call("AmazonSSM.ListInventoryEntries", { InstanceId: node, TypeName: "AWS:Application" }))).exception,
      "InvalidInstanceId",
    );
  });
});
