/**
 * @module How a window's targets and tasks are listed (DescribeMaintenanceWindowTargets, …Tasks): the same input,
 * the window checked first, SSM's filters, and pages of 10 to 100.
 */
import { Type } from "@sinclair/typebox";
import type { ActionContext } from "../../core/api/action.ts";
import { indexPage } from "../../core/api/next-token.ts";
import { AwsInteger, NextTokenShape } from "../../core/validation/aws-shapes.ts";
import { ownWindow } from "./own-window.ts";
import { type WindowDeps, WindowFiltersShape, WindowIdShape, windowFilterTest } from "./window-shapes.ts";

export const windowPartListingInput = () =>
  Type.Object({
    WindowId: WindowIdShape(),
    Filters: Type.Optional(WindowFiltersShape()),
    MaxResults: Type.Optional(AwsInteger({ min: 10, max: 100 })),
    NextToken: Type.Optional(NextTokenShape()),
  });

interface ListingInput {
  WindowId: string;
  Filters?: { Key?: string; Values?: string[] }[] | undefined;
  MaxResults?: number | undefined;
  NextToken?: string | undefined;
}

/** One page of a window's parts (`rows`), filtered by `fields` and answered as `view` makes them. */
export async function windowPartPage<Row, View>(
  deps: WindowDeps,
  ctx: ActionContext,
  action: string,
  input: ListingInput,
  part: {
    rows(windowId: string): Promise<Row[]>;
    fields: Record<string, (row: Row) => string>;
    view(row: Row): View;
  },
): Promise<{ page: View[]; nextToken?: string }> {
  const matches = windowFilterTest(input.Filters, part.fields);
  await ownWindow(deps.store, ctx, input.WindowId);
  const rows = (await part.rows(input.WindowId)).filter(matches);
  // A token is good for one window's listing only.
  return indexPage(deps.keyring, ctx, `${action}:${input.WindowId}`, rows.map(part.view), input.NextToken, input.MaxResults ?? 10);
}
