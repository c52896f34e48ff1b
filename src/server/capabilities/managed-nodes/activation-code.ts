/** @module Activation codes: 20 random characters shown once; only their SHA-256 is stored. */
import { randomBytes } from "node:crypto";
import { hashSecret, secretMatches } from "../../core/crypto/hashed-secret.ts";

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** A new code, like SSM's (`QC2CV0/lRfn+LTqf23Bf`): 20 characters, 120 bits. */
export function newActivationCode(): string {
  return Array.from(randomBytes(20), (b) => alphabet[b % 64]).join("");
}

export const hashActivationCode = hashSecret;

/** Compares a presented code with a stored hash in constant time. */
export const activationCodeMatches = secretMatches;
