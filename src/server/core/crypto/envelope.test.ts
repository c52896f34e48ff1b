import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { decryptEnvelope, encryptEnvelope } from "./envelope.ts";
import { Keyring, SealBroken } from "./keyring.ts";

const keyring = Keyring.fromKey(randomBytes(32));
const context = { accountId: "111122223333", keyId: "alias/aws/ssm", resource: "arn:aws:ssm:us-east-1:111122223333:parameter/a" };

describe("envelope encryption", () => {
  it("round-trips a value and uses a fresh data key each time", () => {
    const one = encryptEnvelope(keyring, context, "secret");
    const two = encryptEnvelope(keyring, context, "secret");
    assert.notDeepEqual(one, two);
    assert.equal(decryptEnvelope(keyring, context, one), "secret");
  });

  it("does not open under another resource, account, key id or master key", () => {
    const sealed = encryptEnvelope(keyring, context, "secret");
    assert.throws(() => decryptEnvelope(keyring, { ...context, resource: `${context.resource}b` }, sealed), SealBroken);
    assert.throws(() => decryptEnvelope(keyring, { ...context, accountId: "999988887777" }, sealed), SealBroken);
    assert.throws(() => decryptEnvelope(keyring, { ...context, keyId: "alias/other" }, sealed), SealBroken);
    assert.throws(() => decryptEnvelope(Keyring.fromKey(randomBytes(32)), context, sealed), SealBroken);
  });

  it("detects tampering", () => {
    const sealed = encryptEnvelope(keyring, context, "secret");
    const last = sealed.length - 1;
    sealed[last] = (sealed[last] ?? 0) ^ 1;
    assert.throws(() => decryptEnvelope(keyring, context, sealed), SealBroken);
  });
});
