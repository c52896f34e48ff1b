/**
 * @module IAM through the real AWS CLI v2 (`aws iam`, the query protocol): users, access keys and their rotation,
 * inline policies and console passwords, as an operator or an infrastructure-as-code tool manages them. A deleted or
 * deactivated key stops signing; IAM's errors come back in IAM's words; IAM policies (`iam:*`) decide.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { awsCli, awsCliMissing, awsPath } from "../kit/aws-cli.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

const run = promisify(execFile);
let t: TestServer;
let home: string;
const skip = awsCliMissing();
type Keys = { accessKeyId: string; secretAccessKey: string };

before(async () => {
  // A key cache of 5 seconds is the documented window; the test waits for it rather than for a fixed time.
  t = await startTestServer();
  home = await mkdtemp(join(tmpdir(), "bosun-iam-"));
});
after(async () => {
  await t?.close();
  await rm(home, { recursive: true, force: true });
});

const iam = (...args: string[]) => awsCli(t, home, t.admin, "iam", ...args);

/** The CLI's exit and stderr, for a call that should fail. */
async function iamError(keys: Keys, ...args: string[]): Promise<string> {
  try {
    await awsCli(t, home, keys, "iam", ...args);
  } catch (error) {
    return String((error as { stderr?: string }).stderr);
  }
  throw new Error(`aws iam ${args.join(" ")} succeeded`);
}

/** Whether a key can still sign an SSM call. */
async function signs(keys: Keys): Promise<boolean> {
  try {
    await run(awsPath, ["--endpoint-url", t.endpoint, "--region", "us-east-1", "ssm", "describe-parameters"], {
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: home,
        AWS_ACCESS_KEY_ID: keys.accessKeyId,
        AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
        AWS_CONFIG_FILE: "/dev/null",
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      },
    });
    return true;
  } catch {
    return false;
  }
}

describe("IAM through the real AWS CLI", { skip }, () => {
  let key: Keys = { accessKeyId: "", secretAccessKey: "" };

  it("creates, gets and lists users", async () => {
    const created = (await iam("create-user", "--user-name", "deployer")) as { User: Record<string, string> };
    assert.equal(created.User.UserName, "deployer");
    assert.equal(created.User.Arn, `arn:aws:iam::${t.accountId}:user/deployer`);
    assert.match(created.User.UserId ?? "", /^AIDA/);
    const got = (await iam("get-user", "--user-name", "deployer")) as { User: Record<string, string> };
    assert.equal(got.User.Arn, created.User.Arn);
    assert.equal(((await iam("get-user")) as { User: Record<string, string> }).User.UserName, "admin", "without a name: the caller");
    const listed = (await iam("list-users")) as { Users: { UserName: string }[] };
    assert.deepEqual(
      listed.Users.map((u) => u.UserName),
      ["admin", "deployer"],
    );
    // Paged one at a time, the CLI follows Marker to the end.
    const paged = (await iam("list-users", "--page-size", "1")) as { Users: { UserName: string }[] };
    assert.deepEqual(
      paged.Users.map((u) => u.UserName),
      ["admin", "deployer"],
    );
    assert.match(await iamError(t.admin, "create-user", "--user-name", "deployer"), /EntityAlreadyExists/);
    assert.match(await iamError(t.admin, "get-user", "--user-name", "nobody"), /NoSuchEntity/);
  });

  it("puts, gets, lists and deletes an inline policy, which decides what the user may do", async () => {
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "ssm:DescribeParameters", Resource: "*" }],
    });
    await iam("put-user-policy", "--user-name", "deployer", "--policy-name", "read", "--policy-document", policy);
    const got = (await iam("get-user-policy", "--user-name", "deployer", "--policy-name", "read")) as { PolicyDocument: unknown };
    assert.deepEqual(got.PolicyDocument, JSON.parse(policy), "the CLI decodes IAM's URL-encoded document");
    assert.deepEqual(((await iam("list-user-policies", "--user-name", "deployer")) as { PolicyNames: string[] }).PolicyNames, ["read"]);
    assert.match(
      await iamError(t.admin, "put-user-policy", "--user-name", "deployer", "--policy-name", "bad", "--policy-document", '{"Statement":7}'),
      /MalformedPolicyDocument/,
    );
    const created = (await iam("create-access-key", "--user-name", "deployer")) as { AccessKey: Record<string, string> };
    key = { accessKeyId: created.AccessKey.AccessKeyId ?? "", secretAccessKey: created.AccessKey.SecretAccessKey ?? "" };
    assert.equal(created.AccessKey.Status, "Active");
    await waitFor(() => signs(key), 20_000);
    // Its own policy does not let it manage users: IAM's AccessDenied, decided on iam:CreateUser.
    assert.match(await iamError(key, "create-user", "--user-name", "intruder"), /AccessDenied.*iam:CreateUser/s);
  });

  it("rotates a key: lists it, makes it Inactive (it stops signing), Active again, then deletes it", async () => {
    const listed = (await iam("list-access-keys", "--user-name", "deployer")) as { AccessKeyMetadata: Record<string, string>[] };
    assert.deepEqual(
      listed.AccessKeyMetadata.map((k) => [k.AccessKeyId, k.Status]),
      [[key.accessKeyId, "Active"]],
    );
    assert.ok(!JSON.stringify(listed).includes(key.secretAccessKey), "never the secret");
    await iam("update-access-key", "--user-name", "deployer", "--access-key-id", key.accessKeyId, "--status", "Inactive");
    await waitFor(async () => !(await signs(key)), 20_000);
    await iam("update-access-key", "--user-name", "deployer", "--access-key-id", key.accessKeyId, "--status", "Active");
    await waitFor(() => signs(key), 20_000);
    await iam("delete-access-key", "--user-name", "deployer", "--access-key-id", key.accessKeyId);
    await waitFor(async () => !(await signs(key)), 20_000);
    assert.match(
      await iamError(t.admin, "update-access-key", "--user-name", "deployer", "--access-key-id", key.accessKeyId, "--status", "Active"),
      /NoSuchEntity/,
    );
  });

  it("tags a user, lists its tags a page at a time, replaces one and removes some (tags never block a delete)", async () => {
    await iam("tag-user", "--user-name", "deployer", "--tags", "Key=SSMSessionRunAs,Value=deploy", "Key=team,Value=ops");
    await iam("tag-user", "--user-name", "deployer", "--tags", "Key=team,Value=platform", "Key=cost-center,Value=42");
    const listed = (await iam("list-user-tags", "--user-name", "deployer")) as { Tags: { Key: string; Value: string }[] };
    assert.deepEqual(listed.Tags, [
      { Key: "SSMSessionRunAs", Value: "deploy" },
      { Key: "cost-center", Value: "42" },
      { Key: "team", Value: "platform" },
    ]);
    // The CLI pages through (MaxItems 1 a page) and gives the same list.
    const paged = (await iam("list-user-tags", "--user-name", "deployer", "--page-size", "1")) as { Tags: unknown[] };
    assert.deepEqual(paged.Tags, listed.Tags);
    await iam("untag-user", "--user-name", "deployer", "--tag-keys", "team", "no-such-key");
    const after = (await iam("list-user-tags", "--user-name", "deployer")) as { Tags: { Key: string }[] };
    assert.deepEqual(
      after.Tags.map((t) => t.Key),
      ["SSMSessionRunAs", "cost-center"],
    );
    assert.match(await iamError(t.admin, "tag-user", "--user-name", "deployer", "--tags", "Key=bad*key,Value=x"), /ValidationError/);
    const tooMany = Array.from({ length: 49 }, (_, i) => `Key=k${i},Value=v`);
    assert.match(await iamError(t.admin, "tag-user", "--user-name", "deployer", "--tags", ...tooMany), /LimitExceeded/);
    assert.match(await iamError(t.admin, "list-user-tags", "--user-name", "nobody-here"), /NoSuchEntity/);
  });

  it("gives a console password, and deletes a user only once it holds nothing (DeleteConflict before)", async () => {
    const profile = (await iam("create-login-profile", "--user-name", "deployer", "--password", "a long console password")) as {
      LoginProfile: Record<string, unknown>;
    };
    assert.equal(profile.LoginProfile.UserName, "deployer");
    assert.match(await iamError(t.admin, "delete-user", "--user-name", "deployer"), /DeleteConflict/);
    await iam("delete-login-profile", "--user-name", "deployer");
    await iam("delete-user-policy", "--user-name", "deployer", "--policy-name", "read");
    await iam("delete-user", "--user-name", "deployer");
    assert.match(await iamError(t.admin, "get-user", "--user-name", "deployer"), /NoSuchEntity/);
    assert.deepEqual(
      ((await iam("list-users")) as { Users: { UserName: string }[] }).Users.map((u) => u.UserName),
      ["admin"],
    );
  });

  it("answers bad input and unknown actions in IAM's words", async () => {
    assert.match(await iamError(t.admin, "create-user", "--user-name", "bad name!"), /ValidationError/);
    assert.match(
      await iamError(t.admin, "update-access-key", "--user-name", "admin", "--access-key-id", "AKIAAAAAAAAAAAAAAAAA", "--status", "Paused"),
      /ValidationError/,
    );
    assert.match(await iamError(t.admin, "create-role", "--role-name", "r", "--assume-role-policy-document", "{}"), /ValidationError/);
    assert.match(await iamError({ accessKeyId: "AKIANOTAREALKEY00000", secretAccessKey: "x" }, "list-users"), /InvalidClientTokenId/);
  });
});
