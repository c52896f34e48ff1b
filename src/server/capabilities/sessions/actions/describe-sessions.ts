/**
 * @module DescribeSessions: the account's sessions, Active (connecting, connected, disconnected, terminating) or History
 * (terminated, failed), newest first, filtered by any of SSM's six keys; each key at most once.
 */
import { Type } from "@sinclair/typebox";
import { InvalidFilterKey, ValidationException } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { AwsEnum, AwsInteger, AwsList, AwsString } from "../../../core/validation/aws-shapes.ts";
import { type SessionDeps, sessionView } from "../session-shapes.ts";
import { activeStatuses, type SessionRow, type SessionStatus } from "../session-store.ts";

const historyStatuses: readonly SessionStatus[] = ["Terminated", "Failed"];
const filterKeys = ["InvokedAfter", "InvokedBefore", "Target", "Owner", "Status", "SessionId", "AccessType"] as const;
type FilterKey = (typeof filterKeys)[number];

function timeOf(key: string, value: string): number {
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new ValidationException(`The ${key} filter takes a time such as 2026-12-01T00:00:00Z, not ${value}.`);
  return at;
}

/** A filter as a test of a row; the value's form is checked before any row is read. */
function matcher(key: FilterKey, value: string): (row: SessionRow) => boolean {
  switch (key) {
    case "InvokedAfter": {
      const at = timeOf(key, value);
      return (row) => row.start_date >= at;
    }
    case "InvokedBefore": {
      const at = timeOf(key, value);
      return (row) => row.start_date <= at;
    }
    case "Target":
      return (row) => row.target === value;
    case "Owner":
      return (row) => row.owner === value;
    case "Status":
      return (row) => row.status === value;
    case "SessionId":
      return (row) => row.session_id === value;
    case "AccessType":
      // Every Bosun session is Standard access (no just-in-time approvals).
      return () => value === "Standard";
  }
}

export function describeSessionsAction(deps: SessionDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribeSessions",
    input: Type.Object({
      State: AwsEnum(["Active", "History"] as const),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 200 })),
      NextToken: Type.Optional(AwsString()),
      Filters: Type.Optional(
        AwsList(
          Type.Object({
            key: AwsEnum(filterKeys),
            value: AwsString({ min: 1, max: 400 }),
          }),
          { min: 1, max: 6 },
        ),
      ),
    }),
    resources: () => ["*"],
    async handle(ctx, input) {
      const seen = new Set<string>();
      const tests = (input.Filters ?? []).map((f) => {
        if (seen.has(f.key)) throw new InvalidFilterKey(`The filter ${f.key} is given more than once.`);
        seen.add(f.key);
        return matcher(f.key, f.value);
      });
      const rows = await deps.store.list(ctx, input.State === "Active" ? activeStatuses : historyStatuses);
      const matching = rows.filter((row) => tests.every((test) => test(row)));
      const { page, nextToken } = indexPage(deps.keyring, ctx, "DescribeSessions", matching, input.NextToken, input.MaxResults ?? 20);
      return { Sessions: page.map(sessionView), ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
