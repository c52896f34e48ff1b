/**
 * @module Secrets kept only as their SHA-256 (activation codes, session tokens): high-entropy random values, so a plain
 * hash suffices (no password stretching), compared in constant time.
 */
import { createHash, timingSafeEqual } from "node:crypto";

export const hashSecret = (secret: string): string => createHash("sha256").update(secret).digest("hex");

/** Whether `secret` is the one whose hash (hex) is stored, in constant time. */
export function secretMatches(secret: string, storedSha256: string): boolean {
  const presented = Buffer.from(hashSecret(secret), "hex");
  const stored = Buffer.from(storedSha256, "hex");
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
