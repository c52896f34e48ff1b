/** @module GetInventory through @aws-sdk/client-ssm and the AWS CLI: filters, result types, aggregators, groups, pages. */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { GetInventoryCommand, PutInventoryCommand, type SSMClient } from "@aws-sdk/client-ssm";
import type { ApiClient } from "../../src/cli/api-client.ts";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { awsCliMissing, awsSsm } from "../kit/aws-cli.ts";
import { type Fleet, startFleet } from "../kit/fleet.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

let t: TestServer;
let ssm: SSMClient;
let api: ApiClient;
let fleet: Fleet;
let home: string;
const captured = "2026-11-22T10:00:00Z";
const app = (Name: string, Version: string) => ({ Name, Version, ApplicationType: "unpackaged/java" });

before(async () => {
  t = await startTestServer({ heartbeatIntervalMs: 500 });
  ssm = t.ssm();
  api = apiClient(t.endpoint, t.admin);
  home = await mkdtemp(join(tmpdir(), "bosun-get-inventory-"));
  fleet = await startFleet(t, ssm, { a: { env: "prod" }, b: { env: "prod" }, c: { env: "dev" } });
  const put = (node: string, content: Record<string, string>[]) =>
    ssm.send(
      new PutInventoryCommand({
        InstanceId: fleet.node(node).id,
        Items: [{ TypeName: "AWS:Application", SchemaVersion: "1.1", CaptureTime: captured, Content: content }],
      }),
    );
  await put("a", [app("log4j-core", "2.14.1"), app("openssl", "3.0.11")]);
  await put("b", [app("log4j-core", "2.17.1"), app("openssl", "3.0.11")]);
  await put("c", [app("openssl", "1.1.1")]);
});
after(async () => {
  await fleet?.stop();
  await t?.close();
  await rm(home, { recursive: true, force: true });
});

const ids = (names: string[]) => names.map((n) => fleet.node(n).id).sort();

describe("GetInventory", () => {
  it("returns each node's AWS:InstanceInformation, made by the server, a page at a time", async () => {
    const first = await ssm.send(new GetInventoryCommand({ MaxResults: 2 }));
    assert.equal(first.Entities?.length, 2);
    const second = await ssm.send(new GetInventoryCommand({ MaxResults: 2, NextToken: first.NextToken }));
    assert.equal(second.NextToken, undefined);
    const all = [...(first.Entities ?? []), ...(second.Entities ?? [])];
    assert.deepEqual(all.map((e) => e.Id).sort(), ids(["a", "b", "c"]));
    const info = all[0]?.Data?.["AWS:InstanceInformation"];
    assert.equal(info?.SchemaVersion, "1.0");
    assert.equal(info?.Content?.[0]?.PlatformType, "Linux");
    assert.equal(info?.Content?.[0]?.InstanceStatus, "Active");
    assert.equal(info?.Content?.[0]?.ResourceType, "ManagedInstance");
  });

  it("filters nodes by an attribute of another type, and shows only the matching entries of the result type", async () => {
    const out = await ssm.send(
      new GetInventoryCommand({
        Filters: [{ Key: "AWS:Application.Name", Values: ["log4j-core"], Type: "Equal" }],
        ResultAttributes: [{ TypeName: "AWS:Application" }],
      }),
    );
    assert.deepEqual(out.Entities?.map((e) => e.Id).sort(), ids(["a", "b"]));
    for (const entity of out.Entities ?? []) {
      const data = entity.Data?.["AWS:Application"];
      assert.deepEqual(
        data?.Content?.map((c) => c.Name),
        ["log4j-core"],
      );
      assert.equal(data?.CaptureTime, captured);
      assert.ok((data?.ContentHash ?? "").length > 0);
    }
    const prod = await ssm.send(
      new GetInventoryCommand({
        Filters: [
          { Key: "AWS:Tag.Key", Values: ["env"], Type: "Equal" },
          { Key: "AWS:Tag.Value", Values: ["prod"], Type: "Equal" },
          { Key: "AWS:Application.Version", Values: ["3."], Type: "BeginWith" },
        ],
      }),
    );
    assert.deepEqual(prod.Entities?.map((e) => e.Id).sort(), ids(["a", "b"]));
    // A Name filter narrows through the name index; the other filters are then checked on those nodes only.
    const narrowed = async (filters: { Key: string; Values: string[]; Type: "Equal" | "BeginWith" | "LessThan" }[]) =>
      (await ssm.send(new GetInventoryCommand({ Filters: filters }))).Entities?.map((e) => e.Id).sort();
    assert.deepEqual(
      await narrowed([
        { Key: "AWS:Application.Name", Values: ["log4j-core"], Type: "Equal" },
        { Key: "AWS:Application.Version", Values: ["2.14.1"], Type: "Equal" },
      ]),
      ids(["a"]),
    );
    assert.deepEqual(
      await narrowed([
        { Key: "AWS:Application.Name", Values: ["open"], Type: "BeginWith" },
        { Key: "AWS:Application.Version", Values: ["3"], Type: "LessThan" },
      ]),
      ids(["a", "b", "c"]),
      "any entry of the type may pass a filter (log4j's 2.x on a and b, openssl 1.1.1 on c)",
    );
    assert.deepEqual(
      await narrowed([
        { Key: "AWS:Application.Name", Values: ["openssl"], Type: "Equal" },
        { Key: "AWS:Application.Version", Values: ["3.0.11"], Type: "Equal" },
        { Key: "AWS:Tag.Value", Values: ["prod"], Type: "Equal" },
      ]),
      ids(["a", "b"]),
    );
    const exists = await ssm.send(new GetInventoryCommand({ Filters: [{ Key: "AWS:Application.Name", Values: ["x"], Type: "Exists" }] }));
    assert.equal(exists.Entities?.length, 3);
  });

  it("aggregates counts by an attribute, nested within the type and across types by node", async () => {
    const byName = await ssm.send(new GetInventoryCommand({ Aggregators: [{ Expression: "AWS:Application.Name" }] }));
    const counts = Object.fromEntries((byName.Entities?.[0]?.Data?.["AWS:Application"]?.Content ?? []).map((c) => [c.Name, c.Count]));
    assert.deepEqual(counts, { "log4j-core": "2", openssl: "3" });
    const nested = await ssm.send(
      new GetInventoryCommand({
        Aggregators: [
          {
            Expression: "AWS:Application.Name",
            Aggregators: [{ Expression: "AWS:Application.Version", Aggregators: [{ Expression: "AWS:InstanceInformation.PlatformType" }] }],
          },
        ],
      }),
    );
    const rows = (nested.Entities?.[0]?.Data?.["AWS:Application"]?.Content ?? []).map(
      (c) => `${c.Name} ${c.Version} ${c.PlatformType} ${c.Count}`,
    );
    assert.deepEqual(rows.sort(), [
      "log4j-core 2.14.1 Linux 1",
      "log4j-core 2.17.1 Linux 1",
      "openssl 1.1.1 Linux 1",
      "openssl 3.0.11 Linux 2",
    ]);
    const platforms = await ssm.send(new GetInventoryCommand({ Aggregators: [{ Expression: "AWS:InstanceInformation.PlatformType" }] }));
    assert.deepEqual(platforms.Entities?.[0]?.Data?.["AWS:InstanceInformation"]?.Content, [{ Count: "3", PlatformType: "Linux" }]);
  });

  it("counts nodes that do and do not have types, with groups", async () => {
    const out = await ssm.send(
      new GetInventoryCommand({
        Aggregators: [
          {
            Groups: [
              { Name: "HasApplications", Filters: [{ Key: "TypeName", Values: ["AWS:Application"], Type: "Exists" }] },
              { Name: "HasLog4j", Filters: [{ Key: "AWS:Application.Name", Values: ["log4j-core"], Type: "Equal" }] },
              { Name: "HasFiles", Filters: [{ Key: "TypeName", Values: ["AWS:File"], Type: "Exists" }] },
            ],
          },
        ],
      }),
    );
    const data = out.Entities?.[0]?.Data ?? {};
    assert.deepEqual(data.HasApplications?.Content, [{ notMatchingCount: "0" }, { matchingCount: "3" }]);
    assert.deepEqual(data.HasLog4j?.Content, [{ notMatchingCount: "1" }, { matchingCount: "2" }]);
    assert.deepEqual(data.HasFiles?.Content, [{ notMatchingCount: "3" }, { matchingCount: "0" }]);
  });

  it("answers bad filters, aggregators, groups and result types with the model's errors", async () => {
    const get = (input: Record<string, unknown>) => expectApiError(api.call("AmazonSSM.GetInventory", input));
    assert.equal((await get({ Filters: [{ Key: "Name", Values: ["x"] }] })).exception, "InvalidFilter");
    assert.equal((await get({ Filters: [{ Key: "AWS:Application.Colour", Values: ["x"] }] })).exception, "InvalidFilter");
    assert.equal((await get({ Filters: [{ Key: "AWS:Nope.Name", Values: ["x"] }] })).exception, "InvalidFilter");
    assert.equal((await get({ Filters: [{ Key: "AWS:Application.Name", Values: ["x"], Type: "Like" }] })).exception, "ValidationException");
    assert.equal((await get({ Filters: [{ Key: "AWS:Application.Name", Values: [] }] })).exception, "ValidationException");
    assert.equal((await get({ Aggregators: [{ Expression: "AWS:Application" }] })).exception, "InvalidAggregatorException");
    assert.equal((await get({ Aggregators: [{ Expression: "AWS:Application.Colour" }] })).exception, "InvalidAggregatorException");
    assert.equal((await get({ Aggregators: [{}] })).exception, "InvalidAggregatorException");
    const group = { Name: "G", Filters: [{ Key: "TypeName", Values: ["AWS:File"], Type: "Exists" }] };
    assert.equal((await get({ Aggregators: [{ Groups: [group, group] }] })).exception, "InvalidInventoryGroupException");
    assert.equal(
      (await get({ Aggregators: [{ Groups: [{ Name: "G", Filters: [{ Key: "TypeName", Values: ["AWS:File"], Type: "Equal" }] }] }] }))
        .exception,
      "InvalidInventoryGroupException",
    );
    assert.equal((await get({ ResultAttributes: [{ TypeName: "Custom:Never" }] })).exception, "InvalidResultAttributeException");
    assert.equal(
      (await get({ ResultAttributes: [{ TypeName: "AWS:Application" }, { TypeName: "AWS:File" }] })).exception,
      "ValidationException",
    );
    assert.equal((await get({ MaxResults: 51 })).exception, "ValidationException");
    assert.equal((await get({ NextToken: "Zm9yZ2Vk" })).exception, "InvalidNextToken");
  });

  it("works from the AWS CLI v2: filters and aggregators", { skip: awsCliMissing() }, async () => {
    const filtered = await awsSsm(t, home, "get-inventory", "--filters", "Key=AWS:Application.Name,Values=log4j-core,Type=Equal");
    assert.equal((filtered.Entities as unknown[]).length, 2);
    const aggregated = await awsSsm(t, home, "get-inventory", "--aggregators", "Expression=AWS:Application.Name");
    const content =
      (aggregated.Entities as { Data: Record<string, { Content: Record<string, string>[] }> }[])[0]?.Data["AWS:Application"]?.Content ?? [];
    assert.equal(content.find((c) => c.Name === "openssl")?.Count, "3");
  });
});
