/** @module SecureString values: encrypted at rest with an envelope bound to the parameter's ARN. */
import { InvalidKeyId } from "../../../protocol/errors/errors.ts";
import { decryptEnvelope, encryptEnvelope } from "../../core/crypto/envelope.ts";
import { type Keyring, SealBroken } from "../../core/crypto/keyring.ts";
import type { Scope } from "../../core/store/scope.ts";
import { parameterArn } from "./parameter-names.ts";

/** The stored (and, without WithDecryption, returned) form of a SecureString value: base64 ciphertext. */
export function encryptValue(keyring: Keyring, scope: Scope, key: string, keyId: string, value: string): string {
  return encryptEnvelope(keyring, { accountId: scope.accountId, keyId, resource: parameterArn(scope, key) }, value).toString("base64");
}

export function decryptValue(keyring: Keyring, scope: Scope, key: string, keyId: string, stored: string): string {
  try {
    return decryptEnvelope(
      keyring,
      { accountId: scope.accountId, keyId, resource: parameterArn(scope, key) },
      Buffer.from(stored, "base64"),
    );
  } catch (error) {
    if (error instanceof SealBroken)
      throw new InvalidKeyId(`The value of ${parameterArn(scope, key)} could not be decrypted with key ${keyId}.`);
    throw error;
  }
}
