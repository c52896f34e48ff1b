import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nextPolicyDue, parsePolicies, policyTimes } from "./parameter-policies.ts";

const now = Date.parse("2026-01-01T00:00:00Z");
const day = 86_400_000;
const policies = parsePolicies(
  JSON.stringify([
    { Type: "Expiration", Version: "1.0", Attributes: { Timestamp: "2026-01-10T00:00:00.000Z" } },
    { Type: "ExpirationNotification", Version: "1.0", Attributes: { Before: "2", Unit: "Days" } },
    { Type: "NoChangeNotification", Version: "1.0", Attributes: { After: "3", Unit: "Days" } },
  ]),
  now,
);

describe("parameter policies", () => {
  it("computes when each policy acts, earliest first", () => {
    assert.deepEqual(
      policyTimes(policies, now).map(({ policy, at }) => [policy.type, (at - now) / day]),
      [
        ["NoChangeNotification", 3],
        ["ExpirationNotification", 7],
        ["Expiration", 9],
      ],
    );
  });

  it("finds the next due time after a moment, and none once all have passed", () => {
    assert.equal(nextPolicyDue(policies, now, now), now + 3 * day);
    assert.equal(nextPolicyDue(policies, now, now + 3 * day), now + 7 * day);
    assert.equal(nextPolicyDue(policies, now, now + 9 * day), null);
  });

  it("accepts hours and rejects other units", () => {
    assert.equal(
      parsePolicies('[{"Type":"NoChangeNotification","Attributes":{"After":"5","Unit":"Hours"}}]', now)[0]?.offsetMs,
      5 * 3_600_000,
    );
    assert.throws(() => parsePolicies('[{"Type":"NoChangeNotification","Attributes":{"After":"5","Unit":"Weeks"}}]', now), {
      exception: "InvalidPolicyAttributeException",
    });
  });
});
