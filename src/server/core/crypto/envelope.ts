/** @module Envelope encryption for secret values: a fresh data key per value, wrapped by a per-account key. */
import { randomBytes } from "node:crypto";
import { type Keyring, open, SealBroken, seal } from "./keyring.ts";

const formatVersion = 1;
// Wrapped data key: iv (12) + tag (16) + key (32).
const wrappedKeyLength = 60;

export interface EnvelopeContext {
  accountId: string;
  /** The customer-visible key id (`alias/aws/ssm` by default); it is bound to the wrapped data key. */
  keyId: string;
  /** What the value belongs to (a parameter's ARN): bound to the ciphertext as additional authenticated data. */
  resource: string;
}

/** Encrypts `plaintext`; the result is opaque bytes, safe to store and to show in place of the value. */
export function encryptEnvelope(keyring: Keyring, context: EnvelopeContext, plaintext: string): Buffer {
  const dataKey = randomBytes(32);
  const wrapped = seal(keyring.key("account-kms", context.accountId), dataKey, context.keyId);
  const body = seal(dataKey, Buffer.from(plaintext, "utf8"), context.resource);
  dataKey.fill(0);
  return Buffer.concat([Buffer.of(formatVersion), wrapped, body]);
}

/** Decrypts what `encryptEnvelope` made for the same account, key id and resource; throws SealBroken otherwise. */
export function decryptEnvelope(keyring: Keyring, context: EnvelopeContext, envelope: Uint8Array): string {
  const bytes = Buffer.from(envelope);
  if (bytes[0] !== formatVersion) throw new SealBroken("unknown envelope format");
  const dataKey = open(keyring.key("account-kms", context.accountId), bytes.subarray(1, 1 + wrappedKeyLength), context.keyId);
  try {
    return open(dataKey, bytes.subarray(1 + wrappedKeyLength), context.resource).toString("utf8");
  } finally {
    dataKey.fill(0);
  }
}
