/** @module Parameter Store through @aws-sdk/client-ssm against a real server, on the engine under test. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  DeleteParametersCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  LabelParameterVersionCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
  RemoveTagsFromResourceCommand,
  type SSMClient,
  UnlabelParameterVersionCommand,
} from "@aws-sdk/client-ssm";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

let t: TestServer;
let ssm: SSMClient;

before(async () => {
  t = await startTestServer();
  ssm = t.ssm();
});
after(() => t.close());

const put = (Name: string, Value: string, extra: Record<string, unknown> = {}) =>
  ssm.send(new PutParameterCommand({ Name, Value, Type: "String", ...extra }));

describe("PutParameter and GetParameter", () => {
  it("creates version 1 in the Standard tier and reads it back with its ARN", async () => {
    const out = await put("/sdk/basic", "hello", { Description: "first" });
    assert.equal(out.Version, 1);
    assert.equal(out.Tier, "Standard");
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: "/sdk/basic" }));
    assert.equal(Parameter?.Value, "hello");
    assert.equal(Parameter?.Type, "String");
    assert.equal(Parameter?.DataType, "text");
    assert.equal(Parameter?.ARN, `arn:aws:ssm:us-east-1:${t.accountId}:parameter/sdk/basic`);
    assert.ok(Parameter?.LastModifiedDate instanceof Date);
  });

  it("refuses to overwrite without Overwrite and versions with it", async () => {
    await put("/sdk/versioned", "v1");
    await assert.rejects(put("/sdk/versioned", "v2"), { name: "ParameterAlreadyExists" });
    const out = await put("/sdk/versioned", "v2", { Overwrite: true });
    assert.equal(out.Version, 2);
    const v1 = await ssm.send(new GetParameterCommand({ Name: "/sdk/versioned:1" }));
    assert.equal(v1.Parameter?.Value, "v1");
    assert.equal(v1.Parameter?.Selector, ":1");
    assert.equal(v1.Parameter?.Version, 1);
    await assert.rejects(ssm.send(new GetParameterCommand({ Name: "/sdk/versioned:9" })), { name: "ParameterVersionNotFound" });
  });

  it("treats /A and A as the same parameter", async () => {
    await put("plainname", "x");
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: "/plainname" }));
    assert.equal(Parameter?.Name, "plainname");
    await assert.rejects(put("/plainname", "y"), { name: "ParameterAlreadyExists" });
  });

  it("stores a StringList as its comma-separated text", async () => {
    await ssm.send(new PutParameterCommand({ Name: "/sdk/list", Value: "a,b,c", Type: "StringList" }));
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: "/sdk/list" }));
    assert.equal(Parameter?.Type, "StringList");
    assert.equal(Parameter?.Value, "a,b,c");
  });

  it("returns SecureString ciphertext without WithDecryption and the value with it", async () => {
    await ssm.send(new PutParameterCommand({ Name: "/sdk/secret", Value: "p@ss", Type: "SecureString" }));
    const hidden = await ssm.send(new GetParameterCommand({ Name: "/sdk/secret" }));
    assert.notEqual(hidden.Parameter?.Value, "p@ss");
    assert.ok(Buffer.from(hidden.Parameter?.Value ?? "", "base64").length > 60);
    const shown = await ssm.send(new GetParameterCommand({ Name: "/sdk/secret", WithDecryption: true }));
    assert.equal(shown.Parameter?.Value, "p@ss");
    const meta = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Values: ["/sdk/secret"] }] }));
    assert.equal(meta.Parameters?.[0]?.KeyId, "alias/aws/ssm");
  });

  it("accepts a KeyId alias and key id for SecureString and refuses it for String", async () => {
    await ssm.send(new PutParameterCommand({ Name: "/sdk/keyed", Value: "k", Type: "SecureString", KeyId: "alias/team-key" }));
    const meta = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "KeyId", Values: ["alias/team-key"] }] }));
    assert.deepEqual(
      meta.Parameters?.map((p) => p.Name),
      ["/sdk/keyed"],
    );
    await assert.rejects(put("/sdk/keyed-string", "k", { KeyId: "alias/team-key" }), { name: "ValidationException" });
    await assert.rejects(
      ssm.send(
        new PutParameterCommand({
          Name: "/sdk/badkey",
          Value: "k",
          Type: "SecureString",
          KeyId: "arn:aws:kms:us-east-1:999999999999:alias/x",
        }),
      ),
      {
        name: "InvalidKeyId",
      },
    );
  });

  it("checks the value against AllowedPattern (whole-value match, unverified against AWS) and keeps the pattern", async () => {
    await assert.rejects(put("/sdk/port", "80a", { AllowedPattern: "^\\d+$" }), { name: "ParameterPatternMismatchException" });
    await put("/sdk/port", "8080", { AllowedPattern: "^\\d+$" });
    await assert.rejects(put("/sdk/port", "http", { Overwrite: true }), { name: "ParameterPatternMismatchException" });
    await assert.rejects(put("/sdk/badpattern", "x", { AllowedPattern: "(" }), { name: "InvalidAllowedPatternException" });
  });

  it("refuses to change a parameter's type", async () => {
    await put("/sdk/typed", "x");
    await assert.rejects(ssm.send(new PutParameterCommand({ Name: "/sdk/typed", Value: "x", Type: "SecureString", Overwrite: true })), {
      name: "HierarchyTypeMismatchException",
    });
  });

  it("requires a Type to create and keeps the old one on overwrite", async () => {
    await assert.rejects(ssm.send(new PutParameterCommand({ Name: "/sdk/untyped", Value: "x" })), { name: "ValidationException" });
    await put("/sdk/keeps-type", "x");
    await ssm.send(new PutParameterCommand({ Name: "/sdk/keeps-type", Value: "y", Overwrite: true }));
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: "/sdk/keeps-type" }));
    assert.equal(Parameter?.Type, "String");
  });

  it("enforces SSM's name rules", async () => {
    await assert.rejects(put("/aws/reserved", "x"), {
      name: "AccessDeniedException",
      message: "No access to reserved parameter name: /aws/reserved.",
    });
    await assert.rejects(put("/ssm/reserved", "x"), { name: "ValidationException", message: /can't be prefixed with "ssm"/ });
    await assert.rejects(put("SSM-thing", "x"), { name: "ValidationException" });
    await assert.rejects(put("/has space/x", "x"), { name: "ValidationException" });
    await assert.rejects(put("no/leading/slash", "x"), { name: "ValidationException" });
    await assert.rejects(put("/bad*char", "x"), { name: "ValidationException" });
    const sixteen = `/${Array.from({ length: 16 }, (_, i) => `l${i}`).join("/")}`;
    await assert.rejects(put(sixteen, "x"), { name: "HierarchyLevelLimitExceededException" });
    const fifteen = `/${Array.from({ length: 15 }, (_, i) => `l${i}`).join("/")}`;
    assert.equal((await put(fifteen, "x")).Version, 1);
  });

  it("trims spaces around a name, as SSM does", async () => {
    await put("  /sdk/trimmed  ", "x");
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: "/sdk/trimmed" }));
    assert.equal(Parameter?.Name, "/sdk/trimmed");
  });

  it("rejects tags together with Overwrite", async () => {
    await assert.rejects(put("/sdk/tags-overwrite", "x", { Overwrite: true, Tags: [{ Key: "a", Value: "b" }] }), {
      name: "ValidationException",
    });
  });

  it("validates DataType and accepts aws:ec2:image only for AMI ids", async () => {
    await assert.rejects(put("/sdk/dt", "x", { DataType: "json" }), { name: "ValidationException" });
    await assert.rejects(put("/sdk/ami", "not-an-ami", { DataType: "aws:ec2:image" }), { name: "ValidationException" });
    await put("/sdk/ami", "ami-0123456789abcdef0", { DataType: "aws:ec2:image" });
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: "/sdk/ami" }));
    assert.equal(Parameter?.DataType, "aws:ec2:image");
  });
});

describe("tiers", () => {
  it("keeps Standard values to 4 KB and Advanced to 8 KB", async () => {
    await assert.rejects(put("/tier/big", "x".repeat(4097)), { name: "ValidationException" });
    assert.equal((await put("/tier/big", "x".repeat(4097), { Tier: "Advanced" })).Tier, "Advanced");
    await assert.rejects(put("/tier/huge", "x".repeat(8193), { Tier: "Advanced" }), { name: "ValidationException" });
    assert.equal((await put("/tier/edge", "x".repeat(4096))).Tier, "Standard");
  });

  it("lets Intelligent-Tiering choose Standard for small values and Advanced for large ones", async () => {
    assert.equal((await put("/tier/it-small", "x", { Tier: "Intelligent-Tiering" })).Tier, "Standard");
    assert.equal((await put("/tier/it-large", "x".repeat(5000), { Tier: "Intelligent-Tiering" })).Tier, "Advanced");
  });

  it("never downgrades an Advanced parameter", async () => {
    await put("/tier/adv", "x", { Tier: "Advanced" });
    await assert.rejects(put("/tier/adv", "y", { Tier: "Standard", Overwrite: true }), { name: "ValidationException" });
    assert.equal((await put("/tier/adv", "y", { Overwrite: true })).Tier, "Advanced");
  });
});

describe("GetParameters", () => {
  it("returns found parameters and lists the rest as InvalidParameters", async () => {
    await put("/many/a", "1");
    await put("/many/b", "2");
    await put("/many/b", "3", { Overwrite: true });
    const out = await ssm.send(new GetParametersCommand({ Names: ["/many/a", "/many/b:1", "/many/missing", "/many/a:7"] }));
    assert.deepEqual(
      out.Parameters?.map((p) => [p.Name, p.Value]),
      [
        ["/many/a", "1"],
        ["/many/b", "2"],
      ],
    );
    assert.deepEqual(out.InvalidParameters, ["/many/missing", "/many/a:7"]);
  });

  it("refuses more than 10 names, in SSM's words", async () => {
    const names = Array.from({ length: 11 }, (_, i) => `/n${i}`);
    await assert.rejects(ssm.send(new GetParametersCommand({ Names: names })), {
      name: "ValidationException",
      message: `1 validation error detected: Value '[${names.join(", ")}]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10.`,
    });
  });
});

describe("GetParametersByPath", () => {
  before(async () => {
    for (const name of ["/tree/a", "/tree/b", "/tree/sub/c", "/tree/sub/deep/d", "/treehouse/x"]) await put(name, name);
    await ssm.send(new PutParameterCommand({ Name: "/tree/s", Value: "secret", Type: "SecureString" }));
  });

  it("lists one level without Recursive and the whole subtree with it, never a sibling prefix", async () => {
    const level = await ssm.send(new GetParametersByPathCommand({ Path: "/tree" }));
    assert.deepEqual(
      level.Parameters?.map((p) => p.Name),
      ["/tree/a", "/tree/b", "/tree/s"],
    );
    const all: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await ssm.send(new GetParametersByPathCommand({ Path: "/tree/", Recursive: true, MaxResults: 2, NextToken }));
      assert.ok((page.Parameters?.length ?? 0) <= 2);
      all.push(...(page.Parameters ?? []).map((p) => p.Name ?? ""));
      NextToken = page.NextToken;
    } while (NextToken);
    assert.deepEqual(all, ["/tree/a", "/tree/b", "/tree/s", "/tree/sub/c", "/tree/sub/deep/d"]);
  });

  it("filters by Type and decrypts with WithDecryption", async () => {
    const out = await ssm.send(
      new GetParametersByPathCommand({
        Path: "/tree",
        ParameterFilters: [{ Key: "Type", Values: ["SecureString"] }],
        WithDecryption: true,
      }),
    );
    assert.deepEqual(
      out.Parameters?.map((p) => [p.Name, p.Value]),
      [["/tree/s", "secret"]],
    );
  });

  it("filters by Label and returns the labelled version", async () => {
    await put("/tree/a", "newer", { Overwrite: true });
    await ssm.send(new LabelParameterVersionCommand({ Name: "/tree/a", ParameterVersion: 1, Labels: ["stable"] }));
    const out = await ssm.send(new GetParametersByPathCommand({ Path: "/tree", ParameterFilters: [{ Key: "Label", Values: ["stable"] }] }));
    assert.deepEqual(
      out.Parameters?.map((p) => [p.Name, p.Value, p.Version]),
      [["/tree/a", "/tree/a", 1]],
    );
  });

  it("refuses filter keys other than Type, KeyId and Label", async () => {
    await assert.rejects(ssm.send(new GetParametersByPathCommand({ Path: "/tree", ParameterFilters: [{ Key: "Name", Values: ["x"] }] })), {
      name: "InvalidFilterKey",
    });
    await assert.rejects(
      ssm.send(
        new GetParametersByPathCommand({ Path: "/tree", ParameterFilters: [{ Key: "Label", Option: "BeginsWith", Values: ["sta"] }] }),
      ),
      {
        name: "InvalidFilterOption",
      },
    );
    await assert.rejects(
      ssm.send(new GetParametersByPathCommand({ Path: "/tree", ParameterFilters: [{ Key: "Type", Values: ["Bogus"] }] })),
      {
        name: "InvalidFilterValue",
      },
    );
  });

  it("refuses MaxResults above 10 and a forged NextToken", async () => {
    await assert.rejects(ssm.send(new GetParametersByPathCommand({ Path: "/tree", MaxResults: 11 })), { name: "ValidationException" });
    await assert.rejects(ssm.send(new GetParametersByPathCommand({ Path: "/tree", NextToken: "Zm9yZ2Vk" })), { name: "InvalidNextToken" });
  });
});

describe("DescribeParameters", () => {
  before(async () => {
    await put("/desc/app/one", "1", { Description: "d1" });
    await put("/desc/app/two", "2", { Tags: [{ Key: "env", Value: "prod" }] });
    await put("/desc/other", "3", { Tier: "Advanced" });
    await ssm.send(new PutParameterCommand({ Name: "/desc/app/sec", Value: "s", Type: "SecureString" }));
  });

  const names = async (input: ConstructorParameters<typeof DescribeParametersCommand>[0]) =>
    ((await ssm.send(new DescribeParametersCommand(input))).Parameters ?? []).map((p) => p.Name);

  it("filters by Name with Equals, BeginsWith and Contains", async () => {
    assert.deepEqual(await names({ ParameterFilters: [{ Key: "Name", Values: ["/desc/other"] }] }), ["/desc/other"]);
    assert.deepEqual(await names({ ParameterFilters: [{ Key: "Name", Option: "BeginsWith", Values: ["/desc/app/"] }] }), [
      "/desc/app/one",
      "/desc/app/sec",
      "/desc/app/two",
    ]);
    assert.deepEqual(await names({ ParameterFilters: [{ Key: "Name", Option: "Contains", Values: ["app/t"] }] }), ["/desc/app/two"]);
  });

  it("filters by Path OneLevel and Recursive, Type, Tier and tag", async () => {
    assert.deepEqual(await names({ ParameterFilters: [{ Key: "Path", Values: ["/desc"] }] }), ["/desc/other"]);
    assert.deepEqual(await names({ ParameterFilters: [{ Key: "Path", Option: "Recursive", Values: ["/desc"] }] }), [
      "/desc/app/one",
      "/desc/app/sec",
      "/desc/app/two",
      "/desc/other",
    ]);
    assert.deepEqual(
      await names({
        ParameterFilters: [
          { Key: "Path", Option: "Recursive", Values: ["/desc"] },
          { Key: "Type", Values: ["SecureString"] },
        ],
      }),
      ["/desc/app/sec"],
    );
    assert.deepEqual(
      await names({
        ParameterFilters: [
          { Key: "Path", Option: "Recursive", Values: ["/desc"] },
          { Key: "Tier", Values: ["Advanced"] },
        ],
      }),
      ["/desc/other"],
    );
    assert.deepEqual(await names({ ParameterFilters: [{ Key: "tag:env", Values: ["prod"] }] }), ["/desc/app/two"]);
    assert.deepEqual(await names({ ParameterFilters: [{ Key: "tag:env" }] }), ["/desc/app/two"]);
  });

  it("filters by DataType, and refuses Label (GetParametersByPath's filter) and a duplicated filter in SSM's words", async () => {
    await assert.rejects(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Label", Values: ["golden"] }] })), {
      name: "InvalidFilterKey",
      message: "The following filter key is not valid: Label. Valid filter keys include: [Path, Name, Type, KeyId, Tier].",
    });
    await assert.rejects(
      ssm.send(
        new DescribeParametersCommand({
          ParameterFilters: [
            { Key: "Name", Values: ["a"] },
            { Key: "Name", Values: ["b"] },
          ],
        }),
      ),
      {
        name: "InvalidFilterKey",
        message: "The following filter is duplicated in the request: Name. A request can contain only one occurrence of a specific filter.",
      },
    );
    const text = await names({
      ParameterFilters: [
        { Key: "Path", Option: "Recursive", Values: ["/desc"] },
        { Key: "DataType", Values: ["text"] },
      ],
    });
    assert.equal(text.length, 4);
  });

  it("accepts the legacy Filters (Name begins with) but not both kinds at once", async () => {
    assert.deepEqual(await names({ Filters: [{ Key: "Name", Values: ["/desc/app/o"] }] }), ["/desc/app/one"]);
    await assert.rejects(
      ssm.send(
        new DescribeParametersCommand({ Filters: [{ Key: "Name", Values: ["x"] }], ParameterFilters: [{ Key: "Name", Values: ["x"] }] }),
      ),
      { name: "ValidationException" },
    );
  });

  it("returns metadata without values, and pages with MaxResults", async () => {
    const out = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Values: ["/desc/app/one"] }] }));
    const meta = out.Parameters?.[0];
    assert.equal(meta?.Description, "d1");
    assert.equal(meta?.Tier, "Standard");
    assert.equal(meta?.LastModifiedUser, `arn:aws:iam::${t.accountId}:user/admin`);
    assert.equal((meta as Record<string, unknown>).Value, undefined);
    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await ssm.send(
        new DescribeParametersCommand({
          ParameterFilters: [{ Key: "Path", Option: "Recursive", Values: ["/desc"] }],
          MaxResults: 1,
          NextToken,
        }),
      );
      seen.push(...(page.Parameters ?? []).map((p) => p.Name ?? ""));
      NextToken = page.NextToken;
    } while (NextToken);
    assert.deepEqual(seen, ["/desc/app/one", "/desc/app/sec", "/desc/app/two", "/desc/other"]);
  });

  it("filters Type, KeyId, Tier and tags with BeginsWith as well as Equals", async () => {
    const within = { Key: "Path", Option: "Recursive", Values: ["/desc"] };
    assert.deepEqual(await names({ ParameterFilters: [within, { Key: "Type", Option: "BeginsWith", Values: ["Secure"] }] }), [
      "/desc/app/sec",
    ]);
    assert.deepEqual(await names({ ParameterFilters: [within, { Key: "KeyId", Option: "BeginsWith", Values: ["alias/"] }] }), [
      "/desc/app/sec",
    ]);
    assert.deepEqual(await names({ ParameterFilters: [within, { Key: "Tier", Option: "BeginsWith", Values: ["Adv"] }] }), ["/desc/other"]);
    assert.deepEqual(await names({ ParameterFilters: [{ Key: "tag:env", Option: "BeginsWith", Values: ["pr"] }] }), ["/desc/app/two"]);
    assert.deepEqual(await names({ ParameterFilters: [{ Key: "tag:env", Option: "BeginsWith", Values: ["dev"] }] }), []);
  });

  it("refuses Shared=true: parameters shared through AWS RAM do not exist here (never an empty list that looks like none)", async () => {
    await assert.rejects(ssm.send(new DescribeParametersCommand({ Shared: true })), { name: "ValidationException" });
  });

  it("rejects an unknown filter key, a bad option and a forged token", async () => {
    await assert.rejects(
      ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Path", Option: "Equals", Values: ["/x"] }] })),
      { name: "InvalidFilterOption" },
    );
    await assert.rejects(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Tier", Values: ["Gold"] }] })), {
      name: "InvalidFilterValue",
    });
    await assert.rejects(ssm.send(new DescribeParametersCommand({ NextToken: "bm90LWEtdG9rZW4" })), { name: "InvalidNextToken" });
    await assert.rejects(ssm.send(new DescribeParametersCommand({ MaxResults: 51 })), { name: "ValidationException" });
  });
});

describe("labels and history", () => {
  it("labels a version, moves a label, and reports invalid labels", async () => {
    await put("/lab/p", "v1");
    await put("/lab/p", "v2", { Overwrite: true });
    const first = await ssm.send(
      new LabelParameterVersionCommand({ Name: "/lab/p", ParameterVersion: 1, Labels: ["prod", "1st", "awsy", "ok.label"] }),
    );
    assert.deepEqual(first.InvalidLabels, ["1st", "awsy"]);
    assert.equal(first.ParameterVersion, 1);
    assert.equal((await ssm.send(new GetParameterCommand({ Name: "/lab/p:prod" }))).Parameter?.Value, "v1");
    await ssm.send(new LabelParameterVersionCommand({ Name: "/lab/p", Labels: ["prod"] }));
    assert.equal((await ssm.send(new GetParameterCommand({ Name: "/lab/p:prod" }))).Parameter?.Version, 2);
    const history = await ssm.send(new GetParameterHistoryCommand({ Name: "/lab/p" }));
    assert.deepEqual(
      history.Parameters?.map((h) => [h.Version, h.Value, h.Labels]),
      [
        [1, "v1", ["ok.label"]],
        [2, "v2", ["prod"]],
      ],
    );
  });

  it("limits a version to 10 labels", async () => {
    await put("/lab/many", "x");
    await ssm.send(new LabelParameterVersionCommand({ Name: "/lab/many", Labels: Array.from({ length: 10 }, (_, i) => `l${i}`) }));
    await assert.rejects(ssm.send(new LabelParameterVersionCommand({ Name: "/lab/many", Labels: ["eleventh"] })), {
      name: "ParameterVersionLabelLimitExceeded",
    });
  });

  it("unlabels, reporting labels the version did not carry", async () => {
    await put("/lab/un", "x");
    await ssm.send(new LabelParameterVersionCommand({ Name: "/lab/un", Labels: ["a", "b"] }));
    const out = await ssm.send(new UnlabelParameterVersionCommand({ Name: "/lab/un", ParameterVersion: 1, Labels: ["a", "zzz"] }));
    assert.deepEqual(out.RemovedLabels, ["a"]);
    assert.deepEqual(out.InvalidLabels, ["zzz"]);
    await assert.rejects(ssm.send(new GetParameterCommand({ Name: "/lab/un:a" })), { name: "ParameterVersionNotFound" });
    await assert.rejects(ssm.send(new UnlabelParameterVersionCommand({ Name: "/lab/un", ParameterVersion: 5, Labels: ["b"] })), {
      name: "ParameterVersionNotFound",
    });
    await assert.rejects(ssm.send(new LabelParameterVersionCommand({ Name: "/lab/none", Labels: ["b"] })), { name: "ParameterNotFound" });
  });

  it("keeps 100 versions, drops the oldest, and refuses when the oldest is labelled", async () => {
    await put("/lab/hundred", "v1");
    await ssm.send(new LabelParameterVersionCommand({ Name: "/lab/hundred", ParameterVersion: 1, Labels: ["pinned"] }));
    for (let v = 2; v <= 100; v++) await put("/lab/hundred", `v${v}`, { Overwrite: true });
    await assert.rejects(put("/lab/hundred", "v101", { Overwrite: true }), { name: "ParameterMaxVersionLimitExceeded" });
    await ssm.send(new LabelParameterVersionCommand({ Name: "/lab/hundred", ParameterVersion: 50, Labels: ["pinned"] }));
    assert.equal((await put("/lab/hundred", "v101", { Overwrite: true })).Version, 101);
    await assert.rejects(ssm.send(new GetParameterCommand({ Name: "/lab/hundred:1" })), { name: "ParameterVersionNotFound" });
    const pages: number[] = [];
    let NextToken: string | undefined;
    do {
      const page = await ssm.send(new GetParameterHistoryCommand({ Name: "/lab/hundred", MaxResults: 50, NextToken }));
      pages.push(page.Parameters?.length ?? 0);
      NextToken = page.NextToken;
    } while (NextToken);
    assert.deepEqual(pages, [50, 50]);
  });
});

describe("DeleteParameter and DeleteParameters", () => {
  it("deletes a parameter with its history and answers ParameterNotFound after", async () => {
    await put("/del/one", "x");
    await ssm.send(new DeleteParameterCommand({ Name: "/del/one" }));
    await assert.rejects(ssm.send(new GetParameterCommand({ Name: "/del/one" })), { name: "ParameterNotFound" });
    await assert.rejects(ssm.send(new GetParameterHistoryCommand({ Name: "/del/one" })), { name: "ParameterNotFound" });
    await assert.rejects(ssm.send(new DeleteParameterCommand({ Name: "/del/one" })), { name: "ParameterNotFound" });
    assert.equal((await put("/del/one", "again")).Version, 1);
  });

  it("deletes many, listing the missing ones as invalid", async () => {
    await put("/del/a", "x");
    await put("/del/b", "x");
    const out = await ssm.send(new DeleteParametersCommand({ Names: ["/del/a", "/del/b", "/del/zzz"] }));
    assert.deepEqual(out.DeletedParameters, ["/del/a", "/del/b"]);
    assert.deepEqual(out.InvalidParameters, ["/del/zzz"]);
  });
});

describe("tags on parameters", () => {
  it("adds, lists and removes tags, and refuses unknown resources and types", async () => {
    await put("/tagged/p", "x", { Tags: [{ Key: "team", Value: "core" }] });
    await ssm.send(
      new AddTagsToResourceCommand({ ResourceType: "Parameter", ResourceId: "/tagged/p", Tags: [{ Key: "env", Value: "dev" }] }),
    );
    const listed = await ssm.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: "/tagged/p" }));
    assert.deepEqual(listed.TagList, [
      { Key: "env", Value: "dev" },
      { Key: "team", Value: "core" },
    ]);
    await ssm.send(new RemoveTagsFromResourceCommand({ ResourceType: "Parameter", ResourceId: "/tagged/p", TagKeys: ["team", "absent"] }));
    const after = await ssm.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: "/tagged/p" }));
    assert.deepEqual(after.TagList, [{ Key: "env", Value: "dev" }]);
    await assert.rejects(ssm.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: "/tagged/none" })), {
      name: "InvalidResourceId",
    });
    await assert.rejects(ssm.send(new ListTagsForResourceCommand({ ResourceType: "OpsItem", ResourceId: "oi-1" })), {
      name: "InvalidResourceType",
    });
  });

  it("limits a parameter to 50 tags", async () => {
    await put("/tagged/full", "x", { Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: "v" })) });
    await assert.rejects(
      ssm.send(new AddTagsToResourceCommand({ ResourceType: "Parameter", ResourceId: "/tagged/full", Tags: [{ Key: "k50", Value: "v" }] })),
      {
        name: "TooManyTagsError",
      },
    );
  });

  it("drops a deleted parameter's tags", async () => {
    await put("/tagged/gone", "x", { Tags: [{ Key: "a", Value: "b" }] });
    await ssm.send(new DeleteParameterCommand({ Name: "/tagged/gone" }));
    await put("/tagged/gone", "y");
    const listed = await ssm.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: "/tagged/gone" }));
    assert.deepEqual(listed.TagList, []);
  });
});
