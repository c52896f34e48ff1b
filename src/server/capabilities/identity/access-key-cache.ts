/**
 * @module A short-lived cache of resolved access keys, so a request does not pay two queries, a decryption and policy
 * parsing. Changes made through this process clear it at once; other replicas see them within `ttlMs` (IAM, too,
 * is eventually consistent). Unknown keys are never cached, so guessing keys cannot fill memory.
 */

import { machineClock } from "../../core/clock.ts";
import type { AccessKeyRow } from "./identity-store.ts";

export class AccessKeyCache {
  private readonly entries = new Map<string, { row: AccessKeyRow; until: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  async get(accessKeyId: string, load: (id: string) => Promise<AccessKeyRow | undefined>): Promise<AccessKeyRow | undefined> {
    const now = machineClock();
    const hit = this.entries.get(accessKeyId);
    if (hit && hit.until > now) return hit.row;
    const row = await load(accessKeyId);
    if (!row) {
      this.entries.delete(accessKeyId);
      return undefined;
    }
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(accessKeyId, { row, until: now + this.ttlMs });
    return row;
  }

  /** Forgets everything: called after any change to keys, users or policies. */
  clear(): void {
    this.entries.clear();
  }
}
