/** Unit tests of console password hashing: salted, verifiable, and never the password itself. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hashPassword, verifyPassword } from "./password.ts";

describe("console passwords", () => {
  it("hashes with a fresh salt each time and verifies only the right password", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    assert.notEqual(a, b, "two hashes of one password differ (salt)");
    assert.ok(!a.includes("correct horse"));
    assert.equal(await verifyPassword("correct horse battery", a), true);
    assert.equal(await verifyPassword("correct horse batterY", a), false);
    assert.equal(await verifyPassword("x", "plain$text"), false);
  });
});
