/** @module Parameter policies: validation, Expiration deleting at its time, notifications recorded as events. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { DescribeParametersCommand, GetParameterCommand, PutParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { policyEventType } from "../../src/server/capabilities/parameters/index.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

let t: TestServer;
let ssm: SSMClient;
before(async () => {
  t = await startTestServer({ sweepIntervalMs: 100 });
  ssm = t.ssm();
});
after(() => t.close());

const expiration = (at: Date) => ({ Type: "Expiration", Version: "1.0", Attributes: { Timestamp: at.toISOString() } });
const put = (Name: string, policies: unknown, extra: Record<string, unknown> = {}) =>
  ssm.send(new PutParameterCommand({ Name, Value: "v", Type: "String", Policies: JSON.stringify(policies), ...extra }));

describe("parameter policies", () => {
  it("makes a parameter with policies Advanced under Intelligent-Tiering and refuses them on Standard", async () => {
    const later = new Date(Date.now() + 3_600_000);
    assert.equal((await put("/pol/it", [expiration(later)], { Tier: "Intelligent-Tiering" })).Tier, "Advanced");
    await assert.rejects(put("/pol/std", [expiration(later)], { Tier: "Standard" }), { name: "ValidationException" });
  });

  it("validates policy types, attributes, duplicates and count", async () => {
    const later = new Date(Date.now() + 3_600_000);
    await assert.rejects(put("/pol/bad", [{ Type: "Teleport", Version: "1.0", Attributes: {} }], { Tier: "Advanced" }), {
      name: "InvalidPolicyTypeException",
    });
    await assert.rejects(put("/pol/bad", [expiration(new Date(Date.now() - 1000))], { Tier: "Advanced" }), {
      name: "InvalidPolicyAttributeException",
    });
    await assert.rejects(
      put("/pol/bad", [{ Type: "NoChangeNotification", Version: "1.0", Attributes: { After: "x", Unit: "Days" } }], { Tier: "Advanced" }),
      {
        name: "InvalidPolicyAttributeException",
      },
    );
    await assert.rejects(put("/pol/bad", [expiration(later), expiration(later)], { Tier: "Advanced" }), {
      name: "IncompatiblePolicyException",
    });
    await assert.rejects(
      put(
        "/pol/bad",
        Array.from({ length: 11 }, () => expiration(later)),
        { Tier: "Advanced" },
      ),
      { name: "PoliciesLimitExceededException" },
    );
  });

  it("lists policies with their status in DescribeParameters", async () => {
    const later = new Date(Date.now() + 3_600_000);
    await put(
      "/pol/listed",
      [expiration(later), { Type: "ExpirationNotification", Version: "1.0", Attributes: { Before: "15", Unit: "Days" } }],
      { Tier: "Advanced" },
    );
    const out = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Values: ["/pol/listed"] }] }));
    const policies = out.Parameters?.[0]?.Policies ?? [];
    assert.deepEqual(
      policies.map((p) => [p.PolicyType, p.PolicyStatus]),
      [
        ["Expiration", "Pending"],
        // 15 days before an expiry one hour away is already past: the notification has fired.
        ["ExpirationNotification", "Finished"],
      ],
    );
  });

  it("deletes a parameter when its Expiration time comes, and records the events", async () => {
    const soon = new Date(Date.now() + 1500);
    await put(
      "/pol/expiring",
      [expiration(soon), { Type: "ExpirationNotification", Version: "1.0", Attributes: { Before: "1", Unit: "Hours" } }],
      { Tier: "Advanced" },
    );
    assert.equal((await ssm.send(new GetParameterCommand({ Name: "/pol/expiring" }))).Parameter?.Value, "v");
    await waitFor(async () => {
      try {
        await ssm.send(new GetParameterCommand({ Name: "/pol/expiring" }));
        return false;
      } catch (error) {
        return (error as Error).name === "ParameterNotFound";
      }
    });
    assert.ok(Date.now() >= soon.getTime(), "not deleted before its time");
    const events = await t.server.services.events.list(t.accountId, "us-east-1", "aws.ssm");
    const mine = events.filter((e) => e.detailType === policyEventType && e.detail["parameter-name"] === "/pol/expiring");
    assert.deepEqual(mine.map((e) => e.detail["policy-type"]).sort(), ["Expiration", "ExpirationNotification"]);
  });

  it("records a NoChangeNotification once, when the parameter has not changed for the period", async () => {
    // The shortest period SSM accepts is an hour: age the parameter through the store instead of waiting.
    await put("/pol/stale", [{ Type: "NoChangeNotification", Version: "1.0", Attributes: { After: "1", Unit: "Hours" } }], {
      Tier: "Advanced",
    });
    const db = t.server.services.database.db.withTables<{
      parameters: { name_key: string; modified_at: number; policy_due_at: number | null };
    }>();
    const twoHoursAgo = Date.now() - 7_200_000;
    await db
      .updateTable("parameters")
      .set({ modified_at: twoHoursAgo, policy_due_at: twoHoursAgo + 3_600_000 })
      .where("name_key", "=", "pol/stale")
      .execute();
    await waitFor(async () =>
      (await t.server.services.events.list(t.accountId, "us-east-1")).some((e) => e.detail["parameter-name"] === "/pol/stale"),
    );
    await sleep(300);
    const stale = (await t.server.services.events.list(t.accountId, "us-east-1")).filter(
      (e) => e.detail["parameter-name"] === "/pol/stale",
    );
    assert.equal(stale.length, 1);
    assert.equal(stale[0]?.detail["policy-type"], "NoChangeNotification");
    assert.equal((await ssm.send(new GetParameterCommand({ Name: "/pol/stale" }))).Parameter?.Value, "v");
  });
});
