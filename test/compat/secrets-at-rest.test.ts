/** @module A SecureString's value is nowhere in clear: not in the database (file and WAL, or PostgreSQL rows), not in logs. */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { GetParameterCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import { apiClient } from "../kit/api-call.ts";
import { postgresRowsText } from "../kit/database-text.ts";
import { startTestServer, type TestServer, testEngine } from "../kit/test-server.ts";

let t: TestServer;
const canary = `canary-${randomBytes(12).toString("hex")}`;
let secretKey = "";

/** The canary in every encoding a leak could take. */
function forms(value: string): string[] {
  const bytes = Buffer.from(value);
  return [value, bytes.toString("base64"), bytes.toString("base64url"), bytes.toString("hex"), bytes.toString("hex").toUpperCase()];
}

async function databaseText(): Promise<string> {
  if (testEngine === "sqlite") {
    const files = (await readdir(t.dataDir)).filter((f) => f.startsWith("bosun.db"));
    assert.ok(files.includes("bosun.db-wal"), "the WAL file exists while the server runs");
    const contents = await Promise.all(files.map((f) => readFile(join(t.dataDir, f))));
    return contents.map((c) => c.toString("latin1")).join("\n");
  }
  return postgresRowsText(t);
}

before(async () => {
  t = await startTestServer();
  const ssm = t.ssm();
  await ssm.send(new PutParameterCommand({ Name: "/secret/canary", Value: canary, Type: "SecureString" }));
  await ssm.send(new PutParameterCommand({ Name: "/secret/canary", Value: `${canary}-v2`, Type: "SecureString", Overwrite: true }));
  assert.equal(
    (await ssm.send(new GetParameterCommand({ Name: "/secret/canary", WithDecryption: true }))).Parameter?.Value,
    `${canary}-v2`,
  );
  // A failed put of the secret must not echo it either.
  await assert.rejects(ssm.send(new PutParameterCommand({ Name: "/secret/canary", Value: canary, Type: "SecureString" })));
  await assert.rejects(
    ssm.send(new PutParameterCommand({ Name: "/secret/pattern", Value: canary, Type: "SecureString", AllowedPattern: "^\\d+$" })),
  );
  const { AccessKey } = await apiClient(t.endpoint, t.admin).call<{ AccessKey: { SecretAccessKey: string } }>("Bosun.CreateAccessKey", {
    UserName: "admin",
  });
  secretKey = AccessKey.SecretAccessKey;
});
after(() => t.close());

describe("secrets at rest", () => {
  it("keeps the SecureString canary out of the database in every encoding", async () => {
    const text = await databaseText();
    assert.ok(text.includes("/secret/canary") || text.includes("secret/canary"), "the scan sees the parameter's row");
    for (const form of forms(canary)) assert.ok(!text.includes(form), `database holds the canary as ${form.slice(0, 12)}…`);
  });

  it("keeps access key secrets out of the database", async () => {
    const text = await databaseText();
    for (const form of forms(secretKey)) assert.ok(!text.includes(form), "database holds an access key secret");
    for (const form of forms(t.admin.secretAccessKey)) assert.ok(!text.includes(form), "database holds the admin secret");
  });

  it("keeps the canary and key secrets out of the server's log", () => {
    const log = t.logText();
    assert.ok(log.includes("PutParameter"), "the log records requests");
    for (const form of [...forms(canary), ...forms(secretKey), ...forms(t.admin.secretAccessKey)]) {
      assert.ok(!log.includes(form), "the log holds a secret");
    }
  });
});
