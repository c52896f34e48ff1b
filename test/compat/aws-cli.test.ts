/** @module The real AWS CLI v2 (/usr/bin/aws) drives Parameter Store with --endpoint-url; its JSON output is checked. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { awsCliMissing, awsSsm } from "../kit/aws-cli.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

// CI installs the CLI (.ci/run); a developer machine without it skips this file, saying why.
const missing = awsCliMissing();

let t: TestServer;

const aws = (...args: string[]) => awsSsm(t, t.dataDir, ...args);

/** Runs a command that must fail; returns the CLI's stderr. */
async function awsFails(...args: string[]): Promise<string> {
  try {
    await aws(...args);
  } catch (error) {
    return String((error as { stderr?: string }).stderr);
  }
  throw new Error(`aws ${args.join(" ")} succeeded`);
}

describe("AWS CLI v2", { skip: missing }, () => {
  before(async () => {
    t = await startTestServer();
  });
  after(() => t?.close());

  it("put-parameter creates, then versions with --overwrite", async () => {
    assert.deepEqual(await aws("put-parameter", "--name", "/cli/app/url", "--value", "https://example.test", "--type", "String"), {
      Version: 1,
      Tier: "Standard",
    });
    assert.deepEqual(
      await aws("put-parameter", "--name", "/cli/app/url", "--value", "https://example.test/v2", "--type", "String", "--overwrite"),
      {
        Version: 2,
        Tier: "Standard",
      },
    );
    await aws("put-parameter", "--name", "/cli/app/token", "--value", "t0ken", "--type", "SecureString");
    await aws("put-parameter", "--name", "/cli/app/sub/list", "--value", "a,b", "--type", "StringList");
  });

  it("get-parameter reads the value, decrypts with --with-decryption, and selects a version", async () => {
    const plain = (await aws("get-parameter", "--name", "/cli/app/url")).Parameter as Record<string, unknown>;
    assert.equal(plain.Value, "https://example.test/v2");
    assert.equal(plain.Version, 2);
    assert.equal(plain.ARN, `arn:aws:ssm:us-east-1:${t.accountId}:parameter/cli/app/url`);
    assert.match(String(plain.LastModifiedDate), /^\d{4}-\d{2}-\d{2}T/);
    const secret = (await aws("get-parameter", "--name", "/cli/app/token", "--with-decryption")).Parameter as Record<string, unknown>;
    assert.equal(secret.Value, "t0ken");
    const hidden = (await aws("get-parameter", "--name", "/cli/app/token")).Parameter as Record<string, unknown>;
    assert.notEqual(hidden.Value, "t0ken");
    const first = (await aws("get-parameter", "--name", "/cli/app/url:1")).Parameter as Record<string, unknown>;
    assert.equal(first.Value, "https://example.test");
    assert.equal(first.Selector, ":1");
  });

  it("get-parameters-by-path lists a level, recurses, and paginates across pages by itself", async () => {
    const level = (await aws("get-parameters-by-path", "--path", "/cli/app")).Parameters as { Name: string }[];
    assert.deepEqual(
      level.map((p) => p.Name),
      ["/cli/app/token", "/cli/app/url"],
    );
    for (let i = 0; i < 12; i++)
      await aws("put-parameter", "--name", `/cli/many/p${String(i).padStart(2, "0")}`, "--value", `${i}`, "--type", "String");
    const all = (await aws("get-parameters-by-path", "--path", "/cli", "--recursive", "--page-size", "5")).Parameters as { Name: string }[];
    assert.equal(all.length, 15);
    assert.equal(all.filter((p) => p.Name.startsWith("/cli/many/")).length, 12);
  });

  it("describe-parameters filters with --parameter-filters", async () => {
    const out = await aws(
      "describe-parameters",
      "--parameter-filters",
      "Key=Type,Values=SecureString",
      "Key=Path,Option=Recursive,Values=/cli",
    );
    const names = (out.Parameters as { Name: string; KeyId?: string }[]).map((p) => [p.Name, p.KeyId]);
    assert.deepEqual(names, [["/cli/app/token", "alias/aws/ssm"]]);
  });

  it("label-parameter-version labels a version and reports invalid labels", async () => {
    const out = await aws("label-parameter-version", "--name", "/cli/app/url", "--parameter-version", "1", "--labels", "stable", "9lives");
    assert.deepEqual(out, { InvalidLabels: ["9lives"], ParameterVersion: 1 });
    const labelled = (await aws("get-parameter", "--name", "/cli/app/url:stable")).Parameter as Record<string, unknown>;
    assert.equal(labelled.Version, 1);
  });

  it("get-parameter-history lists versions with their labels", async () => {
    const history = (await aws("get-parameter-history", "--name", "/cli/app/url")).Parameters as {
      Version: number;
      Labels: string[];
      Value: string;
    }[];
    assert.deepEqual(
      history.map((h) => [h.Version, h.Labels, h.Value]),
      [
        [1, ["stable"], "https://example.test"],
        [2, [], "https://example.test/v2"],
      ],
    );
  });

  it("delete-parameter deletes, and the CLI reports ParameterNotFound afterwards", async () => {
    assert.deepEqual(await aws("delete-parameter", "--name", "/cli/app/url"), {});
    const stderr = await awsFails("get-parameter", "--name", "/cli/app/url");
    assert.match(stderr, /ParameterNotFound/);
  });

  it("shows the AWS error for bad input", async () => {
    assert.match(await awsFails("put-parameter", "--name", "/ssm/nope", "--value", "x", "--type", "String"), /ValidationException/);
    // A path under /aws is AWS's own namespace, as SSM answers.
    assert.match(
      await awsFails("put-parameter", "--name", "/aws/nope", "--value", "x", "--type", "String"),
      /AccessDeniedException.*No access to reserved parameter name: \/aws\/nope\./,
    );
    assert.match(
      await awsFails("put-parameter", "--name", "/cli/app/token", "--value", "x", "--type", "SecureString"),
      /ParameterAlreadyExists/,
    );
    const forged = JSON.stringify({ Path: "/cli", NextToken: "Zm9yZ2Vk" });
    assert.match(await awsFails("get-parameters-by-path", "--no-paginate", "--cli-input-json", forged), /InvalidNextToken/);
  });
});
