/** @module Concurrent writers: versions never collide, and exactly one creator of a name wins. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetParameterCommand, GetParameterHistoryCommand, PutParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

let t: TestServer;
let ssm: SSMClient;
before(async () => {
  t = await startTestServer();
  ssm = t.ssm();
});
after(() => t.close());

describe("concurrent writes", () => {
  it("gives 20 concurrent overwrites 20 distinct versions, or SSM's TooManyUpdates", async () => {
    await ssm.send(new PutParameterCommand({ Name: "/race/over", Value: "v0", Type: "String" }));
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => ssm.send(new PutParameterCommand({ Name: "/race/over", Value: `v${i + 1}`, Overwrite: true }))),
    );
    const versions = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.Version] : []));
    for (const r of results) if (r.status === "rejected") assert.equal((r.reason as Error).name, "TooManyUpdates");
    assert.equal(new Set(versions).size, versions.length, "no version is handed out twice");
    const history = await ssm.send(new GetParameterHistoryCommand({ Name: "/race/over" }));
    assert.equal(history.Parameters?.length, versions.length + 1);
    const current = await ssm.send(new GetParameterCommand({ Name: "/race/over" }));
    assert.equal(current.Parameter?.Version, Math.max(...(versions as number[])));
  });

  it("lets exactly one of 10 concurrent creators of a name win", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => ssm.send(new PutParameterCommand({ Name: "/race/create", Value: `c${i}`, Type: "String" }))),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    assert.equal(won.length, 1);
    for (const r of results) if (r.status === "rejected") assert.equal((r.reason as Error).name, "ParameterAlreadyExists");
  });
});
