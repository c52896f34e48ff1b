/** @module Every read and write is scoped by account and region: another account's parameter does not exist. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  DeleteParameterCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  LabelParameterVersionCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { newAccount } from "../kit/accounts.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

let t: TestServer;
let a: SSMClient;
let b: SSMClient;
let aWest: SSMClient;

before(async () => {
  t = await startTestServer();
  const accountA = await newAccount(t, "team-a");
  const accountB = await newAccount(t, "team-b");
  a = t.ssm(accountA.admin);
  b = t.ssm(accountB.admin);
  aWest = t.ssm(accountA.admin, "eu-west-1");
  await a.send(new PutParameterCommand({ Name: "/shared/name", Value: "from-a", Type: "SecureString", Tags: [{ Key: "k", Value: "v" }] }));
});
after(() => t.close());

describe("account isolation", () => {
  it("answers ParameterNotFound to account B for account A's parameter, by name, selector, history and delete", async () => {
    await assert.rejects(b.send(new GetParameterCommand({ Name: "/shared/name" })), { name: "ParameterNotFound" });
    await assert.rejects(b.send(new GetParameterCommand({ Name: "/shared/name:1" })), { name: "ParameterNotFound" });
    await assert.rejects(b.send(new GetParameterHistoryCommand({ Name: "/shared/name" })), { name: "ParameterNotFound" });
    await assert.rejects(b.send(new DeleteParameterCommand({ Name: "/shared/name" })), { name: "ParameterNotFound" });
    await assert.rejects(b.send(new LabelParameterVersionCommand({ Name: "/shared/name", Labels: ["x"] })), { name: "ParameterNotFound" });
    await assert.rejects(b.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: "/shared/name" })), {
      name: "InvalidResourceId",
    });
  });

  it("leaves account A's parameter out of every listing of account B", async () => {
    const many = await b.send(new GetParametersCommand({ Names: ["/shared/name"] }));
    assert.deepEqual(many.Parameters, []);
    assert.deepEqual(many.InvalidParameters, ["/shared/name"]);
    assert.deepEqual((await b.send(new GetParametersByPathCommand({ Path: "/", Recursive: true }))).Parameters, []);
    assert.deepEqual((await b.send(new DescribeParametersCommand({}))).Parameters, []);
    assert.deepEqual((await b.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "tag:k" }] }))).Parameters, []);
  });

  it("lets account B create its own parameter of the same name without touching A's", async () => {
    await b.send(new PutParameterCommand({ Name: "/shared/name", Value: "from-b", Type: "String" }));
    assert.equal((await a.send(new GetParameterCommand({ Name: "/shared/name", WithDecryption: true }))).Parameter?.Value, "from-a");
    assert.equal((await b.send(new GetParameterCommand({ Name: "/shared/name" }))).Parameter?.Value, "from-b");
  });

  it("does not accept a NextToken made for another account", async () => {
    for (let i = 0; i < 3; i++) await a.send(new PutParameterCommand({ Name: `/paged/p${i}`, Value: "x", Type: "String" }));
    const page = await a.send(new DescribeParametersCommand({ MaxResults: 1 }));
    assert.ok(page.NextToken);
    await assert.rejects(b.send(new DescribeParametersCommand({ NextToken: page.NextToken })), { name: "InvalidNextToken" });
  });
});

describe("region isolation", () => {
  it("keeps a region's parameters out of another region of the same account", async () => {
    await assert.rejects(aWest.send(new GetParameterCommand({ Name: "/shared/name" })), { name: "ParameterNotFound" });
    await aWest.send(new PutParameterCommand({ Name: "/shared/name", Value: "west", Type: "String" }));
    const { Parameter } = await aWest.send(new GetParameterCommand({ Name: "/shared/name" }));
    assert.equal(Parameter?.Value, "west");
    assert.equal(Parameter?.ARN?.split(":")[3], "eu-west-1");
  });
});
