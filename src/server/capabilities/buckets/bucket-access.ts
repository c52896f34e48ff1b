/**
 * @module Who may write to a bucket. A bucket belongs to the account that first names it as a destination (a command's
 * or an association's output, a resource data sync); every other account is refused, as S3 refuses it, unless the
 * bucket's policy allows it (by account id, or by organization with `aws:PrincipalOrgID`).
 */
import type { OrganizationView } from "../organizations/index.ts";
import { parseBucketPolicy, policyAllowsWrite } from "./bucket-policy.ts";
import type { BucketRow, BucketStore } from "./bucket-store.ts";

export interface BucketAccess {
  /**
   * Whether `accountId` may write to `bucket`; a bucket nobody owns yet becomes `accountId`'s. Callers refuse with
   * their own action's error (InvalidOutputFolder, ResourceDataSyncInvalidConfiguration) when it may not.
   */
  claimForWriting(accountId: string, bucket: string, now: number): Promise<boolean>;
  /** The same question when a writer is about to write (a policy may have changed since): no claim. */
  mayWrite(accountId: string, bucket: string): Promise<boolean>;
}

export function bucketAccess(store: BucketStore, organizations: OrganizationView): BucketAccess {
  async function allowed(row: BucketRow, accountId: string): Promise<boolean> {
    if (row.account_id === accountId) return true;
    if (!row.policy) return false;
    return policyAllowsWrite(parseBucketPolicy(row.policy), accountId, await organizations.organizationIdOf(accountId));
  }
  return {
    async claimForWriting(accountId, bucket, now) {
      return allowed((await store.get(bucket)) ?? (await store.claim(bucket, accountId, now)), accountId);
    },
    async mayWrite(accountId, bucket) {
      const row = await store.get(bucket);
      // A bucket nobody owns was named before ownership existed: the first writer's claim makes it theirs.
      return row ? allowed(row, accountId) : true;
    },
  };
}

/** The refusal text every writer uses, naming the bucket and nothing of its owner. */
export const bucketRefusal = (bucket: string) =>
  `The bucket ${bucket} belongs to another account, and its bucket policy does not let this account write to it.`;
