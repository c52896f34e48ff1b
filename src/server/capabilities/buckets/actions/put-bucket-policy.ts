/** @module Bosun.PutBucketPolicy: the owner lets other accounts (or its organization) write to its bucket. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { AwsString } from "../../../core/validation/aws-shapes.ts";
import { parseBucketPolicy } from "../bucket-policy.ts";
import { type BucketDeps, BucketNameShape, bucketArn } from "../bucket-shapes.ts";
import { ownedBucket } from "../owned-bucket.ts";

export function putBucketPolicyAction(deps: BucketDeps) {
  return defineAction({
    target: "Bosun",
    name: "PutBucketPolicy",
    iamAction: "s3:PutBucketPolicy",
    input: Type.Object({ Bucket: BucketNameShape(), Policy: AwsString({ min: 1, max: 20_480 }) }),
    resources: (_ctx, input) => [bucketArn(input.Bucket)],
    async handle(ctx, input) {
      parseBucketPolicy(input.Policy);
      await ownedBucket(deps.store, ctx, input.Bucket);
      await deps.store.setPolicy(input.Bucket, input.Policy);
      return {};
    },
  });
}
