/** @module DescribeInventoryDeletions: the deletions of the account, or one by id. */
import { Type } from "@sinclair/typebox";
import { InvalidDeletionId } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { AwsInteger, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import type { DeletionRow } from "../deletion-store.ts";
import { Uuid } from "../inventory-deletion-shapes.ts";
import { type InventoryDeps, inventoryArn } from "../inventory-shapes.ts";

function statusItem(row: DeletionRow) {
  return {
    DeletionId: row.deletion_id,
    TypeName: row.type_name,
    DeletionStartTime: row.started_at / 1000,
    LastStatus: "Complete",
    LastStatusMessage: "Deletion is successful",
    DeletionSummary: JSON.parse(row.summary) as object,
    LastStatusUpdateTime: row.started_at / 1000,
  };
}

export function describeInventoryDeletionsAction(deps: InventoryDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribeInventoryDeletions",
    input: Type.Object({
      DeletionId: Type.Optional(Uuid()),
      NextToken: Type.Optional(NextTokenShape()),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 50 })),
    }),
    resources: (ctx) => [inventoryArn(ctx, "*")],
    async handle(ctx, input) {
      let rows = await deps.store.deletions.all(ctx);
      if (input.DeletionId) {
        rows = rows.filter((r) => r.deletion_id === input.DeletionId);
        if (rows.length === 0) throw new InvalidDeletionId(`The deletion ${input.DeletionId} does not exist.`);
      }
      const { page, nextToken } = indexPage(deps.keyring, ctx, "DescribeInventoryDeletions", rows, input.NextToken, input.MaxResults ?? 50);
      return { InventoryDeletions: page.map(statusItem), ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
