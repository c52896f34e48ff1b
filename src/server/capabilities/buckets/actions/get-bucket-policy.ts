/** @module Bosun.GetBucketPolicy: the owner reads its bucket's policy (an empty answer when it has none). */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { type BucketDeps, BucketNameShape, bucketArn } from "../bucket-shapes.ts";
import { ownedBucket } from "../owned-bucket.ts";

export function getBucketPolicyAction(deps: BucketDeps) {
  return defineAction({
    target: "Bosun",
    name: "GetBucketPolicy",
    iamAction: "s3:GetBucketPolicy",
    input: Type.Object({ Bucket: BucketNameShape() }),
    resources: (_ctx, input) => [bucketArn(input.Bucket)],
    async handle(ctx, input) {
      const row = await ownedBucket(deps.store, ctx, input.Bucket);
      return row.policy ? { Policy: row.policy } : {};
    },
  });
}
