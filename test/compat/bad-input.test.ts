/** @module Bad input for every Parameter Store and tagging action: the model's error, naming the member, and nothing changed. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ApiClient } from "../../src/cli/api-client.ts";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { tablesSnapshot } from "../kit/table-snapshot.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

let t: TestServer;
let api: ApiClient;

before(async () => {
  t = await startTestServer();
  api = apiClient(t.endpoint, t.admin);
  await api.call("AmazonSSM.PutParameter", { Name: "/fixture/p", Value: "v1", Type: "String", Tags: [{ Key: "k", Value: "v" }] });
  await api.call("AmazonSSM.PutParameter", { Name: "/fixture/p", Value: "v2", Type: "String", Overwrite: true });
  await api.call("AmazonSSM.LabelParameterVersion", { Name: "/fixture/p", ParameterVersion: 1, Labels: ["keep"] });
});
after(() => t.close());

/** Every row Parameter Store and tags own, as text: compared before and after the bad calls. */
const snapshot = () => tablesSnapshot(t, ["parameters", "parameter_versions", "parameter_labels", "resource_tags"]);

const long = (n: number) => "a".repeat(n);
const forged = Buffer.from('{"after":"zzz"}').toString("base64url");

type Case = [description: string, target: string, input: Record<string, unknown>, exception: string, mentions?: string];

const cases: Case[] = [
  // PutParameter
  ["PutParameter without Name", "PutParameter", { Value: "x", Type: "String" }, "ValidationException", "'name'"],
  ["PutParameter without Value", "PutParameter", { Name: "/b/x", Type: "String" }, "ValidationException", "'value'"],
  ["PutParameter with a numeric Name", "PutParameter", { Name: 5, Value: "x", Type: "String" }, "SerializationException", "'name'"],
  [
    "PutParameter with a string Overwrite",
    "PutParameter",
    { Name: "/b/x", Value: "x", Type: "String", Overwrite: "yes" },
    "SerializationException",
    "'overwrite'",
  ],
  [
    "PutParameter with a 2049-character Name",
    "PutParameter",
    { Name: `/${long(2048)}`, Value: "x", Type: "String" },
    "ValidationException",
    "'name'",
  ],
  [
    "PutParameter with an unknown Type",
    "PutParameter",
    { Name: "/b/x", Value: "x", Type: "Blob" },
    "ValidationException",
    "enum value set",
  ],
  [
    "PutParameter with an unknown Tier",
    "PutParameter",
    { Name: "/b/x", Value: "x", Type: "String", Tier: "Gold" },
    "ValidationException",
    "'tier'",
  ],
  [
    "PutParameter with a KeyId outside the pattern",
    "PutParameter",
    { Name: "/b/x", Value: "x", Type: "SecureString", KeyId: "bad key!" },
    "ValidationException",
    "'keyId'",
  ],
  [
    "PutParameter with a 1025-character Description",
    "PutParameter",
    { Name: "/b/x", Value: "x", Type: "String", Description: long(1025) },
    "ValidationException",
    "'description'",
  ],
  ["PutParameter with an empty Value", "PutParameter", { Name: "/b/x", Value: "", Type: "String" }, "ValidationException", "'value'"],
  [
    "PutParameter with a tag key outside the pattern",
    "PutParameter",
    { Name: "/b/x", Value: "x", Type: "String", Tags: [{ Key: "bad*key", Value: "v" }] },
    "ValidationException",
    "'tags.1.member.key'",
  ],
  ["PutParameter over an existing name", "PutParameter", { Name: "/fixture/p", Value: "x", Type: "String" }, "ParameterAlreadyExists"],
  [
    "PutParameter with Policies that are not JSON",
    "PutParameter",
    { Name: "/b/x", Value: "x", Type: "String", Tier: "Advanced", Policies: "{" },
    "InvalidPolicyTypeException",
  ],
  // GetParameter
  ["GetParameter without Name", "GetParameter", {}, "ValidationException", "'name'"],
  ["GetParameter with a list Name", "GetParameter", { Name: ["a"] }, "SerializationException", "'name'"],
  [
    "GetParameter with a string WithDecryption",
    "GetParameter",
    { Name: "/fixture/p", WithDecryption: "true" },
    "SerializationException",
    "'withDecryption'",
  ],
  ["GetParameter with a missing name", "GetParameter", { Name: "/fixture/none" }, "ParameterNotFound"],
  ["GetParameter with a missing label", "GetParameter", { Name: "/fixture/p:nolabel" }, "ParameterVersionNotFound"],
  // GetParameters
  ["GetParameters with no names", "GetParameters", { Names: [] }, "ValidationException", "'names'"],
  [
    "GetParameters with 11 names",
    "GetParameters",
    { Names: Array.from({ length: 11 }, (_, i) => `/n${i}`) },
    "ValidationException",
    "'names'",
  ],
  ["GetParameters with a string Names", "GetParameters", { Names: "/a" }, "SerializationException", "'names'"],
  // GetParametersByPath
  ["GetParametersByPath without Path", "GetParametersByPath", {}, "ValidationException", "'path'"],
  [
    "GetParametersByPath with MaxResults 0",
    "GetParametersByPath",
    { Path: "/fixture", MaxResults: 0 },
    "ValidationException",
    "'maxResults'",
  ],
  [
    "GetParametersByPath with MaxResults 11",
    "GetParametersByPath",
    { Path: "/fixture", MaxResults: 11 },
    "ValidationException",
    "'maxResults'",
  ],
  [
    "GetParametersByPath with a fractional MaxResults",
    "GetParametersByPath",
    { Path: "/fixture", MaxResults: 2.5 },
    "SerializationException",
    "'maxResults'",
  ],
  ["GetParametersByPath with a forged NextToken", "GetParametersByPath", { Path: "/fixture", NextToken: forged }, "InvalidNextToken"],
  ["GetParametersByPath with a relative path", "GetParametersByPath", { Path: "fixture" }, "ValidationException"],
  [
    "GetParametersByPath with a filter key outside the pattern",
    "GetParametersByPath",
    { Path: "/f", ParameterFilters: [{ Key: "Owner", Values: ["x"] }] },
    "ValidationException",
    "'parameterFilters.1.member.key'",
  ],
  [
    "GetParametersByPath with a Name filter",
    "GetParametersByPath",
    { Path: "/f", ParameterFilters: [{ Key: "Name", Values: ["x"] }] },
    "InvalidFilterKey",
  ],
  // DescribeParameters
  ["DescribeParameters with MaxResults 51", "DescribeParameters", { MaxResults: 51 }, "ValidationException", "'maxResults'"],
  ["DescribeParameters with a forged NextToken", "DescribeParameters", { NextToken: forged }, "InvalidNextToken"],
  [
    "DescribeParameters with a legacy filter key outside the enum",
    "DescribeParameters",
    { Filters: [{ Key: "Path", Values: ["/a"] }] },
    "ValidationException",
    "enum value set",
  ],
  [
    "DescribeParameters with a legacy filter without Values",
    "DescribeParameters",
    { Filters: [{ Key: "Name" }] },
    "ValidationException",
    "'filters.1.member.values'",
  ],
  [
    "DescribeParameters with 51 filter values",
    "DescribeParameters",
    { ParameterFilters: [{ Key: "Name", Values: Array.from({ length: 51 }, (_, i) => `v${i}`) }] },
    "ValidationException",
    "'parameterFilters.1.member.values'",
  ],
  [
    "DescribeParameters with a bad Path filter value (AWS's recorded answer: docs/aws-error-wording.md)",
    "DescribeParameters",
    { ParameterFilters: [{ Key: "Path", Values: ["no-slash"] }] },
    "ValidationException",
  ],
  [
    "DescribeParameters with a repeated filter key",
    "DescribeParameters",
    {
      ParameterFilters: [
        { Key: "Type", Values: ["String"] },
        { Key: "Type", Values: ["String"] },
      ],
    },
    "InvalidFilterKey",
  ],
  // DeleteParameter(s)
  ["DeleteParameter without Name", "DeleteParameter", {}, "ValidationException", "'name'"],
  ["DeleteParameter of a missing parameter", "DeleteParameter", { Name: "/fixture/none" }, "ParameterNotFound"],
  [
    "DeleteParameters with 11 names",
    "DeleteParameters",
    { Names: Array.from({ length: 11 }, (_, i) => `/n${i}`) },
    "ValidationException",
    "'names'",
  ],
  ["DeleteParameters with a number in Names", "DeleteParameters", { Names: [1] }, "SerializationException", "'names.1.member'"],
  // GetParameterHistory
  ["GetParameterHistory without Name", "GetParameterHistory", {}, "ValidationException", "'name'"],
  [
    "GetParameterHistory with MaxResults 51",
    "GetParameterHistory",
    { Name: "/fixture/p", MaxResults: 51 },
    "ValidationException",
    "'maxResults'",
  ],
  ["GetParameterHistory with a forged NextToken", "GetParameterHistory", { Name: "/fixture/p", NextToken: forged }, "InvalidNextToken"],
  ["GetParameterHistory of a missing parameter", "GetParameterHistory", { Name: "/fixture/none" }, "ParameterNotFound"],
  // Label / Unlabel
  ["LabelParameterVersion without Labels", "LabelParameterVersion", { Name: "/fixture/p" }, "ValidationException", "'labels'"],
  [
    "LabelParameterVersion with 11 labels",
    "LabelParameterVersion",
    { Name: "/fixture/p", Labels: Array.from({ length: 11 }, (_, i) => `l${i}`) },
    "ValidationException",
    "'labels'",
  ],
  [
    "LabelParameterVersion with a 101-character label",
    "LabelParameterVersion",
    { Name: "/fixture/p", Labels: [long(101)] },
    "ValidationException",
    "'labels.1.member'",
  ],
  [
    "LabelParameterVersion with a string version",
    "LabelParameterVersion",
    { Name: "/fixture/p", ParameterVersion: "1", Labels: ["x"] },
    "SerializationException",
    "'parameterVersion'",
  ],
  [
    "LabelParameterVersion of a missing version",
    "LabelParameterVersion",
    { Name: "/fixture/p", ParameterVersion: 9, Labels: ["x"] },
    "ParameterVersionNotFound",
  ],
  [
    "UnlabelParameterVersion without ParameterVersion",
    "UnlabelParameterVersion",
    { Name: "/fixture/p", Labels: ["keep"] },
    "ValidationException",
    "'parameterVersion'",
  ],
  [
    "UnlabelParameterVersion of a missing parameter",
    "UnlabelParameterVersion",
    { Name: "/fixture/none", ParameterVersion: 1, Labels: ["keep"] },
    "ParameterNotFound",
  ],
  // Tags
  [
    "AddTagsToResource without Tags",
    "AddTagsToResource",
    { ResourceType: "Parameter", ResourceId: "/fixture/p" },
    "ValidationException",
    "'tags'",
  ],
  [
    "AddTagsToResource with an unknown ResourceType",
    "AddTagsToResource",
    { ResourceType: "Toaster", ResourceId: "x", Tags: [] },
    "ValidationException",
    "enum value set",
  ],
  [
    "AddTagsToResource with a 257-character tag value",
    "AddTagsToResource",
    { ResourceType: "Parameter", ResourceId: "/fixture/p", Tags: [{ Key: "k", Value: long(257) }] },
    "ValidationException",
    "'tags.1.member.value'",
  ],
  [
    "AddTagsToResource on a missing parameter",
    "AddTagsToResource",
    { ResourceType: "Parameter", ResourceId: "/fixture/none", Tags: [{ Key: "k", Value: "v" }] },
    "InvalidResourceId",
  ],
  ["ListTagsForResource without ResourceId", "ListTagsForResource", { ResourceType: "Parameter" }, "ValidationException", "'resourceId'"],
  [
    "RemoveTagsFromResource without TagKeys",
    "RemoveTagsFromResource",
    { ResourceType: "Parameter", ResourceId: "/fixture/p" },
    "ValidationException",
    "'tagKeys'",
  ],
  [
    "RemoveTagsFromResource with a tag key of 129 characters",
    "RemoveTagsFromResource",
    { ResourceType: "Parameter", ResourceId: "/fixture/p", TagKeys: [long(129)] },
    "ValidationException",
    "'tagKeys.1.member'",
  ],
];

describe("bad input", () => {
  it("answers each bad request with the model's error, naming the member, and changes nothing", async () => {
    const before = await snapshot();
    for (const [description, target, input, exception, mentions] of cases) {
      const error = await expectApiError(api.call(`AmazonSSM.${target}`, input));
      assert.equal(error.exception, exception, description);
      assert.notEqual(error.status, 500, description);
      if (mentions) assert.ok(error.message.includes(mentions), `${description}: "${error.message}" should mention ${mentions}`);
    }
    assert.equal(await snapshot(), before);
  });

  it("counts several violations in one ValidationException, as AWS does", async () => {
    const error = await expectApiError(api.call("AmazonSSM.PutParameter", { Name: `/${long(2048)}`, Value: "x", Type: "Nope" }));
    assert.match(error.message, /^ValidationException: 2 validation errors detected: /);
  });

  it("never echoes a sensitive value in a validation message", async () => {
    const secret = `s3cr3t-${long(8200)}`;
    const error = await expectApiError(
      api.call("AmazonSSM.PutParameter", { Name: "/b/sec", Value: secret, Type: "SecureString", Tier: "Advanced" }),
    );
    assert.equal(error.exception, "ValidationException");
    assert.ok(!error.message.includes("s3cr3t"));
  });

  it("refuses more than 10,000 standard parameters in an account and region", async () => {
    // Filling the tier through the API would take minutes; the rows go in through the database, as PutParameter writes them.
    const db = t.server.services.database.db.withTables<{ parameters: Record<string, unknown> }>();
    const now = Date.now();
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      account_id: t.accountId,
      region: "eu-north-1",
      name_key: `bulk/p${i}`,
      name: `/bulk/p${i}`,
      parent_path: "/bulk",
      version: 1,
      type: "String",
      value: "x",
      key_id: null,
      tier: "Standard",
      description: null,
      allowed_pattern: null,
      data_type: "text",
      policies: null,
      modified_at: now,
      modified_user: "test",
      expires_at: null,
      policy_due_at: null,
    }));
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto("parameters")
        .values(rows.slice(i, i + 500))
        .execute();
    const north = apiClient(t.endpoint, t.admin, "eu-north-1");
    const error = await expectApiError(north.call("AmazonSSM.PutParameter", { Name: "/bulk/one-more", Value: "x", Type: "String" }));
    assert.equal(error.exception, "ParameterLimitExceeded");
    const advanced = await north.call<{ Tier: string }>("AmazonSSM.PutParameter", {
      Name: "/bulk/adv",
      Value: "x",
      Type: "String",
      Tier: "Intelligent-Tiering",
    });
    assert.equal(advanced.Tier, "Advanced");
  });
});
