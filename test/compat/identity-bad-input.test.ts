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
  for (const table of ["accounts", "users", "user_policies", "access_keys", "user_tags"]) {
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
  ["GetUser of a missing user", "GetUser", { UserName: "ghost" }, "DoesNotExistException"],
  ["GetUser with a bad name", "GetUser", { UserName: "bad name!" }, "ValidationException", "'userName'"],
  ["ListUsers of a malformed account", "ListUsers", { AccountId: "12" }, "ValidationException", "'accountId'"],
  ["DeleteUser of a missing user", "DeleteUser", { UserName: "ghost" }, "DoesNotExistException"],
  ["DeleteUser of a user with keys and policies", "DeleteUser", { UserName: "keeper" }, "ResourceInUseException"],
  ["DeleteUser of the caller itself", "DeleteUser", { UserName: "admin" }, "ResourceInUseException"],
  ["DeleteLoginProfile of a user without one", "DeleteLoginProfile", { UserName: "keeper" }, "DoesNotExistException"],
  ["ListAccessKeys of a missing user", "ListAccessKeys", { UserName: "ghost" }, "DoesNotExistException"],
  [
    "UpdateAccessKey to an unknown status",
    "UpdateAccessKey",
    { UserName: "admin", AccessKeyId: "AKIADOESNOTEXIST0000", Status: "Paused" },
    "ValidationException",
    "'status'",
  ],
  [
    "UpdateAccessKey of a key that does not exist",
    "UpdateAccessKey",
    { UserName: "admin", AccessKeyId: "AKIADOESNOTEXIST0000", Status: "Inactive" },
    "DoesNotExistException",
  ],
  ["GetUserPolicy that does not exist", "GetUserPolicy", { UserName: "keeper", PolicyName: "none" }, "DoesNotExistException"],
  ["GetUserPolicy with a bad name", "GetUserPolicy", { UserName: "keeper", PolicyName: "a b" }, "ValidationException", "'policyName'"],
  ["ListUserPolicies of a missing user", "ListUserPolicies", { UserName: "ghost" }, "DoesNotExistException"],
  ["DeleteUserPolicy that does not exist", "DeleteUserPolicy", { UserName: "keeper", PolicyName: "none" }, "DoesNotExistException"],
  ["TagUser of a missing user", "TagUser", { UserName: "ghost", Tags: [{ Key: "k", Value: "v" }] }, "DoesNotExistException"],
  ["TagUser without tags", "TagUser", { UserName: "keeper", Tags: [] }, "ValidationException", "'tags'"],
  ["TagUser with a key outside the pattern", "TagUser", { UserName: "keeper", Tags: [{ Key: "a*b", Value: "v" }] }, "ValidationException"],
  ["TagUser with an empty key", "TagUser", { UserName: "keeper", Tags: [{ Key: "", Value: "v" }] }, "ValidationException"],
  [
    "TagUser with a 257-character value",
    "TagUser",
    { UserName: "keeper", Tags: [{ Key: "k", Value: "v".repeat(257) }] },
    "ValidationException",
  ],
  [
    "TagUser with 51 tags",
    "TagUser",
    { UserName: "keeper", Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" })) },
    "ValidationException",
    "'tags'",
  ],
  ["TagUser with a tag that is not an object", "TagUser", { UserName: "keeper", Tags: ["k=v"] }, "SerializationException"],
  ["UntagUser of a missing user", "UntagUser", { UserName: "ghost", TagKeys: ["k"] }, "DoesNotExistException"],
  ["UntagUser with a key outside the pattern", "UntagUser", { UserName: "keeper", TagKeys: ["a*b"] }, "ValidationException"],
  ["ListUserTags of a missing user", "ListUserTags", { UserName: "ghost" }, "DoesNotExistException"],
  ["GetSessionToken for under 15 minutes", "GetSessionToken", { DurationSeconds: 899 }, "ValidationException", "'durationSeconds'"],
  ["GetSessionToken for over 36 hours", "GetSessionToken", { DurationSeconds: 129_601 }, "ValidationException", "'durationSeconds'"],
];

describe("identity actions with bad input", () => {
  it("answer each with the error that fits and change nothing", async () => {
    // A user that still holds a key and a policy: DeleteUser refuses it.
    await api.call("Bosun.CreateUser", { UserName: "keeper", PolicyDocument: allow });
    await api.call("Bosun.CreateAccessKey", { UserName: "keeper" });
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

  it("refuses a 51st tag on a user, whatever the request's own count", async () => {
    await api.call("Bosun.CreateUser", { UserName: "tagged" });
    await api.call("Bosun.TagUser", { UserName: "tagged", Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: "v" })) });
    // Replacing a tag's value is no new tag.
    await api.call("Bosun.TagUser", { UserName: "tagged", Tags: [{ Key: "k0", Value: "w" }] });
    const error = await expectApiError(api.call("Bosun.TagUser", { UserName: "tagged", Tags: [{ Key: "k50", Value: "v" }] }));
    assert.equal(error.exception, "ResourceLimitExceededException");
    const { Tags } = await api.call<{ Tags: { Key: string; Value: string }[] }>("Bosun.ListUserTags", { UserName: "tagged" });
    assert.equal(Tags.length, 50);
    assert.equal(Tags.find((tag) => tag.Key === "k0")?.Value, "w");
  });
});
