/** @module Activation codes: 20 random characters shown once; only their SHA-256 is stored. */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** A new code, like SSM's (`QC2CV0/lRfn+LTqf23Bf`): 20 characters, 120 bits. */
export function newActivationCode(): string {
  return Array.from(randomBytes(20), (b) => alphabet[b % 64]).join("");
}

export const hashActivationCode = (code: string): string => createHash("sha256").update(code).digest("hex");

/** Compares a presented code with a stored hash in constant time. */
export function activationCodeMatches(code: string, storedSha256: string): boolean {
  const presented = Buffer.from(hashActivationCode(code), "hex");
  const stored = Buffer.from(storedSha256, "hex");
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
