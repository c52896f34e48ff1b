/** @module Bad input for every Bosun identity action: the AWS-style error, naming the member, and nothing created. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import type { ApiClient } from "../../src/cli/api-client.ts";
import { apiClient, expectApiError } from "../kit/api-call.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

let t: TestServer;
let api: ApiClient;
before(async () => {
  t = await startTestServer();
  api = apiClient(t.endpoint, t.admin);
});
after(() => t.close());

async function identityRows(): Promise<string> {
  const db = t.server.services.database.db;
  const parts = [];
  for (const table of ["accounts", "users", "user_policies", "access_keys"]) {
    const rows = await sql`select * from ${sql.table(table)}`.execute(db);
    parts.push(JSON.stringify(rows.rows.map((r) => JSON.stringify(r)).sort()));
  }
  return parts.join("\n");
}

const allow = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });

const cases: [string, string, Record<string, unknown>, string, string?][] = [
  ["CreateAccount without AccountName", "CreateAccount", {}, "ValidationException", "'accountName'"],
  ["CreateAccount with a 51-character name", "CreateAccount", { AccountName: "a".repeat(51) }, "ValidationException", "'accountName'"],
  [
    "CreateAccount with an 11-digit id",
    "CreateAccount",
    { AccountName: "x", AccountId: "12345678901" },
    "ValidationException",
    "'accountId'",
  ],
  ["CreateAccount with a numeric name", "CreateAccount", { AccountName: 7 }, "SerializationException", "'accountName'"],
  ["CreateUser without UserName", "CreateUser", {}, "ValidationException", "'userName'"],
  ["CreateUser with a name outside the pattern", "CreateUser", { UserName: "bad name!" }, "ValidationException", "'userName'"],
  ["CreateUser in an account that does not exist", "CreateUser", { UserName: "x", AccountId: "999999999999" }, "ValidationException"],
  ["CreateUser with a policy that is not IAM", "CreateUser", { UserName: "x", PolicyDocument: "[]" }, "ValidationException"],
  ["CreateUser that exists", "CreateUser", { UserName: "admin" }, "AlreadyExistsException"],
  [
    "PutUserPolicy without PolicyDocument",
    "PutUserPolicy",
    { UserName: "admin", PolicyName: "p" },
    "ValidationException",
    "'policyDocument'",
  ],
  [
    "PutUserPolicy for a missing user",
    "PutUserPolicy",
    { UserName: "ghost", PolicyName: "p", PolicyDocument: allow },
    "DoesNotExistException",
  ],
  ["CreateAccessKey for a missing user", "CreateAccessKey", { UserName: "ghost" }, "DoesNotExistException"],
  ["CreateAccessKey with a list UserName", "CreateAccessKey", { UserName: ["admin"] }, "SerializationException", "'userName'"],
  [
    "DeleteAccessKey of a key that does not exist",
    "DeleteAccessKey",
    { UserName: "admin", AccessKeyId: "AKIADOESNOTEXIST0000" },
    "DoesNotExistException",
  ],
  [
    "DeleteAccessKey with a short key id",
    "DeleteAccessKey",
    { UserName: "admin", AccessKeyId: "AKIA" },
    "ValidationException",
    "'accessKeyId'",
  ],
  ["GetSessionToken for under 15 minutes", "GetSessionToken", { DurationSeconds: 899 }, "ValidationException", "'durationSeconds'"],
  ["GetSessionToken for over 36 hours", "GetSessionToken", { DurationSeconds: 129_601 }, "ValidationException", "'durationSeconds'"],
];

describe("identity actions with bad input", () => {
  it("answer each with the error that fits and change nothing", async () => {
    const before = await identityRows();
    for (const [description, action, input, exception, mentions] of cases) {
      const error = await expectApiError(api.call(`Bosun.${action}`, input));
      assert.equal(error.exception, exception, description);
      if (mentions) assert.ok(error.message.includes(mentions), `${description}: ${error.message}`);
    }
    assert.equal(await identityRows(), before);
  });

  it("refuses a third long-term key for one user", async () => {
    await api.call("Bosun.CreateUser", { UserName: "twokeys" });
    await api.call("Bosun.CreateAccessKey", { UserName: "twokeys" });
    await api.call("Bosun.CreateAccessKey", { UserName: "twokeys" });
    const error = await expectApiError(api.call("Bosun.CreateAccessKey", { UserName: "twokeys" }));
    assert.equal(error.exception, "ResourceLimitExceededException");
  });
});
