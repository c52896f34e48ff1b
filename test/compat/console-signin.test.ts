/**
 * @module Console sign-in: Bosun.PutLoginProfile (and `bosun user set-password`) stores a console password as a salted
 * hash; POST /console/signin trades it for one-hour keys with a session token that sign SSM calls like any SDK's;
 * failures all look alike, repeated ones slow the user and the source down (never a lockout); the password never reaches
 * the logs.
 * The console's page and assets are served at / and /console/ without letting a path leave the assets folder.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { DescribeInstanceInformationCommand, SSMClient } from "@aws-sdk/client-ssm";
import { newAccount } from "../kit/accounts.ts";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { bosunBin } from "../kit/bosun-bin.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

const run = promisify(execFile);
const password = "correct horse battery staple";
let t: TestServer;
let work: string;

const signIn = (body: unknown) =>
  fetch(new URL("/console/signin", t.endpoint), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

before(async () => {
  t = await startTestServer();
  work = await mkdtemp(join(tmpdir(), "bosun-console-signin-"));
  await apiClient(t.endpoint, t.admin).call("Bosun.CreateUser", {
    UserName: "ops",
    PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ssm:*", Resource: "*" }] }),
  });
});
after(async () => {
  await t?.close();
  await rm(work, { recursive: true, force: true });
});

describe("console sign-in", () => {
  it("sets a password with `bosun user set-password` (from standard input) and signs in for one-hour session keys", async () => {
    const credentials = join(work, "credentials");
    await writeFile(
      credentials,
      `[default]\naws_access_key_id = ${t.admin.accessKeyId}\naws_secret_access_key = ${t.admin.secretAccessKey}\n`,
    );
    const bosun = bosunBin;
    const child = run(process.execPath, [
      bosun,
      "user",
      "set-password",
      "--user",
      "ops",
      "--endpoint",
      t.endpoint,
      "--credentials-file",
      credentials,
    ]);
    child.child.stdin?.end(`${password}\n`);
    assert.match((await child).stdout, /"UserName": "ops"/);

    const response = await signIn({ AccountId: t.accountId, UserName: "ops", Password: password });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("cache-control"), "no-store");
    const body = (await response.json()) as {
      Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: number };
    };
    assert.match(body.Credentials.AccessKeyId, /^ASIA/);
    const lifetime = body.Credentials.Expiration * 1000 - Date.now();
    assert.ok(lifetime > 55 * 60_000 && lifetime <= 60 * 60_000, "one hour");
    const ssm = new SSMClient({
      endpoint: t.endpoint,
      region: "us-east-1",
      credentials: {
        accessKeyId: body.Credentials.AccessKeyId,
        secretAccessKey: body.Credentials.SecretAccessKey,
        sessionToken: body.Credentials.SessionToken,
      },
    });
    try {
      assert.deepEqual((await ssm.send(new DescribeInstanceInformationCommand({}))).InstanceInformationList, []);
    } finally {
      ssm.destroy();
    }
    assert.ok(!t.logText().includes(password), "the password is never logged");
  });

  it("answers every failure alike, and locks a user out after five", async () => {
    const other = await newAccount(t, "other");
    const failures = [
      { AccountId: t.accountId, UserName: "ops", Password: "wrong password" },
      { AccountId: t.accountId, UserName: "nobody", Password: password },
      { AccountId: other.accountId, UserName: "ops", Password: password },
      { AccountId: t.accountId, UserName: "admin", Password: password },
    ];
    for (const attempt of failures) {
      const response = await signIn(attempt);
      assert.equal(response.status, 400, JSON.stringify(attempt.UserName));
      assert.deepEqual(await response.json(), {
        // The catalog's AccessDeniedException writes its message as `Message` (the console reads both spellings).
        __type: "AccessDeniedException",
        Message: "The account, user name or password is not right.",
      });
    }
    for (const bad of [{ AccountId: "12", UserName: "ops", Password: "x" }, { UserName: "ops" }]) {
      const response = await signIn(bad);
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as { __type: string }).__type, "ValidationException");
    }
    const notJson = await fetch(new URL("/console/signin", t.endpoint), { method: "POST", body: "{" });
    assert.equal(((await notJson.json()) as { __type: string }).__type, "SerializationException");
    for (let i = 0; i < 5; i++) await signIn({ AccountId: t.accountId, UserName: "ops", Password: "wrong again" });
    const waiting = await signIn({ AccountId: t.accountId, UserName: "ops", Password: password });
    assert.equal(waiting.status, 400, "after five failures the user must wait, even with the right password");
    assert.equal(((await waiting.json()) as { __type: string }).__type, "ThrottlingException");
    const retryAfter = Number(waiting.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    // No lockout: once the wait is over, the right password signs in (a guesser cannot lock the user out).
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    assert.equal((await signIn({ AccountId: t.accountId, UserName: "ops", Password: password })).status, 200);
  });

  it("slows a source that sprays a few passwords over many users, whatever the user names", async () => {
    const answers: string[] = [];
    for (let i = 0; i < 30; i++) {
      const response = await signIn({ AccountId: t.accountId, UserName: `spray-${i}`, Password: "Winter2026!" });
      answers.push(((await response.json()) as { __type: string }).__type);
    }
    assert.ok(answers.includes("ThrottlingException"), `the source is slowed: ${answers.join(",")}`);
    assert.ok(answers.filter((s) => s === "AccessDeniedException").length <= 21, "most guesses are refused before any hashing");
  });

  it("validates PutLoginProfile with AWS errors", async () => {
    const api = apiClient(t.endpoint, t.admin);
    assert.equal(
      (await expectApiError(api.call("Bosun.PutLoginProfile", { UserName: "ops", Password: "short" }))).exception,
      "ValidationException",
    );
    assert.equal(
      (await expectApiError(api.call("Bosun.PutLoginProfile", { UserName: "ghost", Password: password }))).exception,
      "DoesNotExistException",
    );
    assert.equal(
      (await expectApiError(api.call("Bosun.PutLoginProfile", { UserName: "bad name", Password: password }))).exception,
      "ValidationException",
    );
    const member = await newAccount(t, "member");
    const error = await expectApiError(
      apiClient(t.endpoint, member.admin).call("Bosun.PutLoginProfile", { UserName: "ops", AccountId: t.accountId, Password: password }),
    );
    assert.equal(error.exception, "AccessDeniedException", "an account sets only its own users' passwords");
  });

  it("serves the console page and its assets, and nothing outside them", async () => {
    const page = await fetch(new URL("/", t.endpoint));
    assert.ok([200, 503].includes(page.status), "the page, or a note that the console is not built");
    assert.match(page.headers.get("content-security-policy") ?? "", /default-src 'self'/);
    if (page.status === 200) {
      const html = await page.text();
      const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? "";
      const asset = await fetch(new URL(script, t.endpoint));
      assert.equal(asset.status, 200);
      assert.match(asset.headers.get("content-type") ?? "", /javascript/);
      assert.match(asset.headers.get("cache-control") ?? "", /immutable/);
    }
    for (const path of [
      "/console/../../package.json",
      "/console/%2e%2e/%2e%2e/package.json",
      "/console/assets/missing.js",
      "/console/%E0%A4%A",
    ])
      assert.equal((await fetch(new URL(path, t.endpoint))).status, 404, path);
  });
});
