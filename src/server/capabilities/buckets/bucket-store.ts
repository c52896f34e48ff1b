/** @module Reads and writes of bucket ownership. Bucket names are global, as in S3: one row per name. */
import type { Kysely } from "kysely";
import type { AnyDb } from "../../core/store/database.ts";

export interface BucketRow {
  bucket_name: string;
  account_id: string;
  policy: string | null;
  created_at: number;
}

type BucketTables = { bucket_owners: BucketRow };

export class BucketStore {
  private readonly db: Kysely<BucketTables>;
  constructor(db: AnyDb) {
    this.db = db.withTables<BucketTables>();
  }

  get(bucket: string): Promise<BucketRow | undefined> {
    return this.db.selectFrom("bucket_owners").selectAll().where("bucket_name", "=", bucket).executeTakeFirst();
  }

  /** Makes `accountId` the owner unless somebody already is; returns the owner row either way. */
  async claim(bucket: string, accountId: string, now: number): Promise<BucketRow> {
    await this.db
      .insertInto("bucket_owners")
      .values({ bucket_name: bucket, account_id: accountId, policy: null, created_at: now })
      .onConflict((oc) => oc.column("bucket_name").doNothing())
      .execute();
    const row = await this.get(bucket);
    if (!row) throw new Error(`bucket ${bucket} has no owner after a claim`);
    return row;
  }

  /** The buckets an account owns, by name. */
  listOwned(accountId: string): Promise<BucketRow[]> {
    return this.db.selectFrom("bucket_owners").selectAll().where("account_id", "=", accountId).orderBy("bucket_name").execute();
  }

  async setPolicy(bucket: string, policy: string | null): Promise<void> {
    await this.db.updateTable("bucket_owners").set({ policy }).where("bucket_name", "=", bucket).execute();
  }
}
