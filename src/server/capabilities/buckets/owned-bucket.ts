/** @module The bucket a policy action works on: the caller's own, claimed if nobody owns it; another's is refused. */
import { AccessDenied } from "../../../protocol/errors/errors.ts";
import type { ActionContext } from "../../core/api/action.ts";
import type { BucketRow, BucketStore } from "./bucket-store.ts";

export async function ownedBucket(store: BucketStore, ctx: ActionContext, bucket: string): Promise<BucketRow> {
  const row = (await store.get(bucket)) ?? (await store.claim(bucket, ctx.accountId, ctx.now));
  if (row.account_id !== ctx.accountId) throw new AccessDenied(`The bucket ${bucket} belongs to another account.`);
  return row;
}
