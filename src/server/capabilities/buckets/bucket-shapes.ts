/** @module Shared shapes and dependencies of the bucket policy actions. */
import { AwsString } from "../../core/validation/aws-shapes.ts";
import type { BucketStore } from "./bucket-store.ts";

export interface BucketDeps {
  store: BucketStore;
}

export const BucketNameShape = () => AwsString({ min: 3, max: 63, pattern: "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$" });

export const bucketArn = (bucket: string): string => `arn:aws:s3:::${bucket}`;
