import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { resolveCredentials } from "./credentials.ts";

let dir: string;
const file = (name: string, profiles: Record<string, string>) =>
  writeFile(
    join(dir, name),
    Object.entries(profiles)
      .map(([profile, key]) => `[${profile}]\naws_access_key_id = ${key}\naws_secret_access_key = secret-of-${key}\n`)
      .join("\n"),
  );

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "bosun-credentials-"));
  await mkdir(join(dir, "home", ".aws"), { recursive: true });
  await mkdir(join(dir, "data"));
  await file("home/.aws/credentials", { default: "AKIAHOMEDEFAULT", work: "AKIAHOMEWORK" });
  await file("data/admin-credentials", { default: "AKIABOSUNADMIN" });
  await file("shared", { default: "AKIASHAREDDEFAULT", ops: "AKIASHAREDOPS" });
});
after(() => rm(dir, { recursive: true, force: true }));

describe("the CLI's credential chain", () => {
  const base = () => ({ HOME: join(dir, "home"), BOSUN_DATA_DIR: join(dir, "data") });
  const key = async (options: { credentialsFile?: string; profile?: string }, env: NodeJS.ProcessEnv) =>
    (await resolveCredentials(options, env)).accessKeyId;

  it("takes the environment's keys first, with a session token", async () => {
    const env = { ...base(), AWS_ACCESS_KEY_ID: "AKIAENV", AWS_SECRET_ACCESS_KEY: "s", AWS_SESSION_TOKEN: "t", AWS_PROFILE: "work" };
    assert.deepEqual(await resolveCredentials({}, env), { accessKeyId: "AKIAENV", secretAccessKey: "s", sessionToken: "t" });
  });

  it("honours AWS_SHARED_CREDENTIALS_FILE and AWS_PROFILE, as the SDK does", async () => {
    assert.equal(await key({}, { ...base(), AWS_SHARED_CREDENTIALS_FILE: join(dir, "shared") }), "AKIASHAREDDEFAULT");
    assert.equal(await key({}, { ...base(), AWS_SHARED_CREDENTIALS_FILE: join(dir, "shared"), AWS_PROFILE: "ops" }), "AKIASHAREDOPS");
    assert.equal(await key({}, { ...base(), AWS_PROFILE: "work" }), "AKIAHOMEWORK");
  });

  it("prefers the data folder's admin keys to the home folder's default profile, which usually holds keys for AWS", async () => {
    assert.equal(await key({}, base()), "AKIABOSUNADMIN");
    assert.equal(await key({}, { HOME: join(dir, "home"), BOSUN_DATA_DIR: join(dir, "nowhere") }), "AKIAHOMEDEFAULT");
  });

  it("lets the command line win over the environment", async () => {
    const env = { ...base(), AWS_ACCESS_KEY_ID: "AKIAENV", AWS_SECRET_ACCESS_KEY: "s" };
    assert.equal(await key({ credentialsFile: join(dir, "shared"), profile: "ops" }, env), "AKIASHAREDOPS");
    assert.equal(await key({ profile: "work" }, env), "AKIAHOMEWORK");
  });

  it("says everywhere it looked when nothing has keys", async () => {
    await assert.rejects(resolveCredentials({}, { HOME: join(dir, "nobody"), BOSUN_DATA_DIR: join(dir, "nowhere") }), (error: Error) => {
      assert.match(error.message, /AWS_ACCESS_KEY_ID.*admin-credentials.*\.aws\/credentials/);
      return true;
    });
    await assert.rejects(resolveCredentials({}, { ...base(), AWS_PROFILE: "missing" }), /\[missing\] of .*AWS_PROFILE/);
  });
});
