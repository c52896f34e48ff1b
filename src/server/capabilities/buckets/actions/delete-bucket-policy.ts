/** @module Bosun.DeleteBucketPolicy: only the owner writes to the bucket again. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { type BucketDeps, BucketNameShape, bucketArn } from "../bucket-shapes.ts";
import { ownedBucket } from "../owned-bucket.ts";

export function deleteBucketPolicyAction(deps: BucketDeps) {
  return defineAction({
    target: "Bosun",
    name: "DeleteBucketPolicy",
    iamAction: "s3:DeleteBucketPolicy",
    input: Type.Object({ Bucket: BucketNameShape() }),
    resources: (_ctx, input) => [bucketArn(input.Bucket)],
    async handle(ctx, input) {
      await ownedBucket(deps.store, ctx, input.Bucket);
      await deps.store.setPolicy(input.Bucket, null);
      return {};
    },
  });
}
