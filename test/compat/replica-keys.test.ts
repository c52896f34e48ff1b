/**
 * @module Keys and users changed on one replica stop working on the others within the key cache's window (5 s, as the
 * README says): two servers on one PostgreSQL database, a key used on both, then deactivated, deleted, and its user
 * its user's policy removed on the first. The second may still accept it from its cache, but never once the window has passed since
 * the change — checked by waiting out the window, never by timing the refusal.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { DescribeParametersCommand, type SSMClient } from "@aws-sdk/client-ssm";
import type { ApiClient } from "../../src/cli/api-client.ts";
import type { Credentials } from "../../src/cli/credentials.ts";
import { apiClient } from "../kit/api-call.ts";
import { startTestServer, type TestServer, testEngine } from "../kit/test-server.ts";

/** The key cache's lifetime (IdentityStore's default), and the README's promise. */
const cacheWindowMs = 5000;
const allowAll = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ssm:*", Resource: "*" }] });

const skip = testEngine === "postgres" ? false : "replicas share a PostgreSQL database (runs in the PostgreSQL pass)";
let t: TestServer;
let first: ApiClient;
let secondEndpoint = "";
let replica: Awaited<ReturnType<TestServer["replica"]>>;

before(async () => {
  if (skip) return;
  t = await startTestServer();
  replica = await t.replica();
  secondEndpoint = replica.endpoint;
  first = apiClient(t.endpoint, t.admin);
});
after(() => t?.close());

async function newUserKey(userName: string): Promise<Credentials> {
  await first.call("Bosun.CreateUser", { UserName: userName, PolicyDocument: allowAll });
  const created = (await first.call("Bosun.CreateAccessKey", { UserName: userName })) as {
    AccessKey: { AccessKeyId: string; SecretAccessKey: string };
  };
  return { accessKeyId: created.AccessKey.AccessKeyId, secretAccessKey: created.AccessKey.SecretAccessKey };
}

/** The exception a call with the key gets from the second replica, or "accepted". */
async function onSecond(client: SSMClient): Promise<string> {
  try {
    await client.send(new DescribeParametersCommand({}));
    return "accepted";
  } catch (error) {
    return (error as Error).name;
  }
}

describe("keys across replicas", { skip }, () => {
  it("serves one database from two replicas: a key made on one signs on the other", async () => {
    assert.notEqual(secondEndpoint, t.endpoint);
    const key = await newUserKey("both");
    assert.equal(await onSecond(replica.ssm(key)), "accepted");
  });

  for (const [change, refusal] of [
    ["deactivated", "UnrecognizedClientException"],
    ["deleted", "UnrecognizedClientException"],
    ["left without a policy", "AccessDeniedException"],
  ] as const) {
    it(`refuses a key on the other replica once the cache window has passed after it was ${change}`, async () => {
      const userName = `u${change.length}`;
      const key = await newUserKey(userName);
      const second = replica.ssm(key);
      assert.equal(await onSecond(second), "accepted", "the second replica has the key in its cache now");
      if (change === "deactivated")
        await first.call("Bosun.UpdateAccessKey", { UserName: userName, AccessKeyId: key.accessKeyId, Status: "Inactive" });
      else if (change === "deleted") await first.call("Bosun.DeleteAccessKey", { UserName: userName, AccessKeyId: key.accessKeyId });
      else await first.call("Bosun.DeleteUserPolicy", { UserName: userName, PolicyName: "default" });
      // On the replica that changed it: at once.
      const onFirst = await t
        .ssm(key)
        .send(new DescribeParametersCommand({}))
        .then(
          () => "accepted",
          (error: Error) => error.name,
        );
      assert.equal(onFirst, refusal);
      // On the other: once every cache entry made before the change has expired.
      await sleep(cacheWindowMs + 100);
      assert.equal(await onSecond(second), refusal);
    });
  }
});
