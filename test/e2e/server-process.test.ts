/** @module `bosun server` as a real process: startup output, file modes, root keys from the environment, CLI, shutdown. */
import assert from "node:assert/strict";
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { promisify } from "node:util";
import { GetParameterCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import pg from "pg";
import { parseCredentialsFile } from "../../src/cli/credentials.ts";
import { bosunBin } from "../kit/bosun-bin.ts";
import { postgresUrl, testEngine } from "../kit/test-server.ts";

const bosun = bosunBin;
const run = promisify(execFile);
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface Started {
  child: ChildProcess;
  endpoint: string;
  accountId: string;
  output: () => string;
}

/** On PostgreSQL each data folder gets its own schema, dropped when the test ends. */
const schemas = new Map<string, string>();
function databaseEnv(dataDir: string): Record<string, string> {
  if (testEngine !== "postgres") return {};
  let schema = schemas.get(dataDir);
  if (!schema) {
    const name = `e2e_${randomBytes(6).toString("hex")}`;
    schema = name;
    schemas.set(dataDir, name);
    cleanups.push(async () => {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      await client.end();
    });
  }
  return { BOSUN_DATABASE_URL: postgresUrl, BOSUN_DATABASE_SCHEMA: schema };
}

/** Starts `bin/bosun server` on a free port and waits for its banner. */
async function startProcess(dataDir: string, env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, [bosun, "server", "--port", "0", "--data-dir", dataDir], {
    env: { PATH: process.env.PATH ?? "", ...databaseEnv(dataDir), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  cleanups.push(async () => {
    if (child.exitCode === null) {
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  });
  const until = Date.now() + 20_000;
  while (!/Bosun is listening on (\S+)/.test(output)) {
    if (child.exitCode !== null || Date.now() > until) throw new Error(`server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const endpoint = /Bosun is listening on (\S+)/.exec(output)?.[1] ?? "";
  const accountId = /account id:\s+(\d{12})/.exec(output)?.[1] ?? "";
  return { child, endpoint, accountId, output: () => output };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  return exited;
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "bosun-e2e-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe("bosun server process", () => {
  it("prints the endpoint, the account id and where the admin keys are, with the key files at mode 0600", async () => {
    const dataDir = await tempDir();
    const server = await startProcess(dataDir);
    assert.match(server.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(server.output(), new RegExp(`admin credentials: ${join(dataDir, "admin-credentials")}`));
    const ownerOnly = ["admin-credentials", "master.key", ...(testEngine === "sqlite" ? ["bosun.db", "bosun.db-wal"] : [])];
    for (const file of ownerOnly) assert.equal((await stat(join(dataDir, file))).mode & 0o777, 0o600, file);
    assert.equal((await stat(dataDir)).mode & 0o777, 0o700, "the data folder");
    const keys = parseCredentialsFile(await readFile(join(dataDir, "admin-credentials"), "utf8"), "default");
    assert.ok(keys);
    assert.ok(!server.output().includes(keys.secretAccessKey), "the secret key is never printed or logged");
    const ssm = new SSMClient({ endpoint: server.endpoint, region: "us-east-1", credentials: keys, maxAttempts: 1 });
    await ssm.send(new PutParameterCommand({ Name: "/e2e/x", Value: "1", Type: "String" }));
    ssm.destroy();
    assert.equal(await stop(server.child), 0);
    assert.match(server.output(), /bosun server stopped/);
  });

  it("keeps its data and keys across a restart", async () => {
    const dataDir = await tempDir();
    const first = await startProcess(dataDir);
    const keys = parseCredentialsFile(await readFile(join(dataDir, "admin-credentials"), "utf8"), "default");
    assert.ok(keys);
    let ssm = new SSMClient({ endpoint: first.endpoint, region: "us-east-1", credentials: keys, maxAttempts: 1 });
    await ssm.send(new PutParameterCommand({ Name: "/e2e/kept", Value: "s", Type: "SecureString" }));
    ssm.destroy();
    await stop(first.child);
    const second = await startProcess(dataDir);
    assert.equal(second.accountId, first.accountId);
    ssm = new SSMClient({ endpoint: second.endpoint, region: "us-east-1", credentials: keys, maxAttempts: 1 });
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: "/e2e/kept", WithDecryption: true }));
    assert.equal(Parameter?.Value, "s");
    ssm.destroy();
    await stop(second.child);
  });

  it("takes the admin's keys from BOSUN_ROOT_ACCESS_KEY_ID and BOSUN_ROOT_SECRET_ACCESS_KEY without writing them", async () => {
    const dataDir = await tempDir();
    const keys = { accessKeyId: "AKIAROOTFROMENV00001", secretAccessKey: "root-secret-from-the-environment-0123456" };
    const server = await startProcess(dataDir, {
      BOSUN_ROOT_ACCESS_KEY_ID: keys.accessKeyId,
      BOSUN_ROOT_SECRET_ACCESS_KEY: keys.secretAccessKey,
    });
    assert.match(server.output(), /from BOSUN_ROOT_ACCESS_KEY_ID/);
    await assert.rejects(stat(join(dataDir, "admin-credentials")));
    const ssm = new SSMClient({ endpoint: server.endpoint, region: "us-east-1", credentials: keys, maxAttempts: 1 });
    assert.deepEqual((await ssm.send(new PutParameterCommand({ Name: "/e2e/env", Value: "1", Type: "String" }))).Version, 1);
    ssm.destroy();
    assert.ok(!server.output().includes(keys.secretAccessKey));
    await stop(server.child);
  });

  it("creates an account, a user and a key with the bosun CLI, and prints a profile the AWS SDK can use", async () => {
    const dataDir = await tempDir();
    const server = await startProcess(dataDir);
    const env = {
      ...process.env,
      BOSUN_ENDPOINT: server.endpoint,
      BOSUN_DATA_DIR: dataDir,
      AWS_ACCESS_KEY_ID: "",
      AWS_SECRET_ACCESS_KEY: "",
    };
    const cli = async (...args: string[]) => (await run(process.execPath, [bosun, ...args], { env })).stdout;
    const account = JSON.parse(await cli("account", "create", "--name", "payments")) as { Account: { AccountId: string } };
    assert.match(account.Account.AccountId, /^\d{12}$/);
    await cli("user", "create", "--account", account.Account.AccountId, "--user", "deployer", "--admin");
    const profile = await cli(
      "access-key",
      "create",
      "--account",
      account.Account.AccountId,
      "--user",
      "deployer",
      "--profile-name",
      "payments",
    );
    assert.match(
      profile,
      /^\[payments\]\naws_access_key_id = AKIA[A-Z2-7]{16}\naws_secret_access_key = \S+\nregion = us-east-1\nendpoint_url = http/,
    );
    const keys = parseCredentialsFile(profile, "payments");
    assert.ok(keys);
    const ssm = new SSMClient({ endpoint: server.endpoint, region: "us-east-1", credentials: keys, maxAttempts: 1 });
    const { Parameter } = await ssm
      .send(new PutParameterCommand({ Name: "/e2e/cli", Value: "1", Type: "String" }))
      .then(() => ssm.send(new GetParameterCommand({ Name: "/e2e/cli" })));
    assert.equal(Parameter?.ARN, `arn:aws:ssm:us-east-1:${account.Account.AccountId}:parameter/e2e/cli`);
    ssm.destroy();
    const listed = JSON.parse(await cli("account", "list")) as { Accounts: { AccountId: string; CreatedDate: unknown }[] };
    assert.deepEqual(listed.Accounts.map((a) => a.AccountId).sort(), [server.accountId, account.Account.AccountId].sort());
    for (const a of listed.Accounts) assert.match(String(a.CreatedDate), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, "dates as ISO 8601");
    await stop(server.child);
  });
});
