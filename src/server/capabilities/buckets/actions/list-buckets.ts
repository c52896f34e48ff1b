/** @module Bosun.ListBuckets: the buckets the caller's account owns, and whether a policy shares each with others. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import type { BucketDeps } from "../bucket-shapes.ts";

export function listBucketsAction(deps: BucketDeps) {
  return defineAction({
    target: "Bosun",
    name: "ListBuckets",
    iamAction: "s3:ListAllMyBuckets",
    input: Type.Object({}),
    resources: () => ["*"],
    async handle(ctx) {
      const rows = await deps.store.listOwned(ctx.accountId);
      return { Buckets: rows.map((row) => ({ Name: row.bucket_name, CreationDate: row.created_at / 1000, Shared: row.policy !== null })) };
    },
  });
}
