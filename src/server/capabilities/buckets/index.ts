/** @module Buckets: a bucket belongs to the account that first writes to it; its policy may let others write too. */
import type { Capability, CoreServices } from "../../core/capability.ts";
import type { OrganizationView } from "../organizations/index.ts";
import { deleteBucketPolicyAction } from "./actions/delete-bucket-policy.ts";
import { getBucketPolicyAction } from "./actions/get-bucket-policy.ts";
import { listBucketsAction } from "./actions/list-buckets.ts";
import { putBucketPolicyAction } from "./actions/put-bucket-policy.ts";
import { type BucketAccess, bucketAccess } from "./bucket-access.ts";
import { BucketStore } from "./bucket-store.ts";
import { bucketMigrations } from "./migrations.ts";

export { type BucketAccess, bucketRefusal } from "./bucket-access.ts";

export interface BucketsCapability extends Capability {
  access: BucketAccess;
}

export function createBucketsCapability(core: CoreServices, organizations: OrganizationView): BucketsCapability {
  const deps = { store: new BucketStore(core.database.db) };
  return {
    name: "buckets",
    migrations: bucketMigrations,
    actions: [listBucketsAction(deps), putBucketPolicyAction(deps), getBucketPolicyAction(deps), deleteBucketPolicyAction(deps)],
    jobs: [],
    access: bucketAccess(deps.store, organizations),
  };
}
