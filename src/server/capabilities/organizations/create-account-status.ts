/** @module The status record Organizations' CreateAccount and DescribeCreateAccountStatus return. */
import type { CreateAccountRow } from "./organizations-store.ts";

export const statusJson = (row: CreateAccountRow) => ({
  Id: row.request_id,
  AccountName: row.account_name,
  State: row.state,
  RequestedTimestamp: row.requested_at / 1000,
  CompletedTimestamp: row.completed_at / 1000,
  AccountId: row.account_id,
});
