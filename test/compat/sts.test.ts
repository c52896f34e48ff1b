/**
 * @module STS on Bosun's endpoint with the real AWS CLI v2: `aws sts get-caller-identity` (who am I, which account)
 * and `aws sts get-session-token`, whose keys then work for SSM; bad keys are answered in STS's own XML errors.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { newAccount } from "../kit/accounts.ts";
import { awsCli, awsCliMissing } from "../kit/aws-cli.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

let t: TestServer;
let home: string;
const skip = awsCliMissing();
before(async () => {
  t = await startTestServer();
  home = await mkdtemp(join(tmpdir(), "bosun-sts-"));
});
after(async () => {
  await t?.close();
  await rm(home, { recursive: true, force: true });
});

describe("STS through the real AWS CLI", { skip }, () => {
  it("answers get-caller-identity with the caller's account and ARN", async () => {
    const me = await awsCli(t, home, t.admin, "sts", "get-caller-identity");
    assert.equal(me.Account, t.accountId);
    assert.equal(me.Arn, `arn:aws:iam::${t.accountId}:user/admin`);
    assert.match(String(me.UserId), /^AIDA[0-9A-F]{17}$/);
    const other = await newAccount(t, "sts-other");
    assert.equal((await awsCli(t, home, other.admin, "sts", "get-caller-identity")).Account, other.accountId);
  });

  it("issues session credentials that sign SSM calls and name a temporary caller", async () => {
    const answer = (await awsCli(t, home, t.admin, "sts", "get-session-token", "--duration-seconds", "900")) as {
      Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string };
    };
    assert.ok(Date.parse(answer.Credentials.Expiration) > Date.now());
    const session = {
      accessKeyId: answer.Credentials.AccessKeyId,
      secretAccessKey: answer.Credentials.SecretAccessKey,
      sessionToken: answer.Credentials.SessionToken,
    };
    assert.equal((await awsCli(t, home, session, "sts", "get-caller-identity")).Account, t.accountId);
    assert.ok(Array.isArray((await awsCli(t, home, session, "ssm", "describe-parameters")).Parameters));
  });

  it("refuses unknown keys and wrong secrets with STS's error codes", async () => {
    const failure = (keys: { accessKeyId: string; secretAccessKey: string }) =>
      awsCli(t, home, keys, "sts", "get-caller-identity").then(
        () => "none",
        (error: { stderr?: string }) => error.stderr ?? "",
      );
    assert.match(await failure({ accessKeyId: "AKIANOTAKEY000000000", secretAccessKey: "x".repeat(40) }), /InvalidClientTokenId/);
    assert.match(await failure({ accessKeyId: t.admin.accessKeyId, secretAccessKey: "y".repeat(40) }), /SignatureDoesNotMatch/);
  });
});
