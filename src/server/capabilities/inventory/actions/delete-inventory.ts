/** @module DeleteInventory for custom types: the data goes at once (Complete), and the schema with DeleteSchema, or stays but takes no more data with DisableSchema. DryRun only counts. */
import { randomUUID } from "node:crypto";
import { Type } from "@sinclair/typebox";
import { InvalidTypeName } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsBoolean, AwsEnum } from "../../../core/validation/aws-shapes.ts";
import { Uuid } from "../inventory-deletion-shapes.ts";
import { type InventoryDeps, inventoryArn, TypeNameShape } from "../inventory-shapes.ts";

export function deleteInventoryAction(deps: InventoryDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DeleteInventory",
    input: Type.Object({
      TypeName: TypeNameShape(),
      SchemaDeleteOption: Type.Optional(AwsEnum(["DisableSchema", "DeleteSchema"] as const)),
      DryRun: Type.Optional(AwsBoolean()),
      ClientToken: Type.Optional(Uuid()),
    }),
    resources: (ctx) => [inventoryArn(ctx, "*")],
    async handle(ctx, input) {
      if (!input.TypeName.startsWith("Custom:"))
        throw new InvalidTypeName(`${input.TypeName} is not a custom type; only custom inventory can be deleted.`);
      const type = (await deps.store.customTypes.all(ctx)).find((c) => c.type_name === input.TypeName);
      if (!type) throw new InvalidTypeName(`${input.TypeName} is not a custom type of this account and Region.`);
      if (input.ClientToken) {
        const earlier = (await deps.store.deletions.all(ctx)).find((d) => d.client_token === input.ClientToken);
        if (earlier)
          return { DeletionId: earlier.deletion_id, TypeName: earlier.type_name, DeletionSummary: JSON.parse(earlier.summary) as object };
      }
      const items = (await deps.store.items(ctx)).filter((i) => i.type_name === input.TypeName);
      const byVersion = new Map<string, number>();
      for (const item of items) byVersion.set(item.schema_version, (byVersion.get(item.schema_version) ?? 0) + 1);
      const summary = {
        TotalCount: items.length,
        RemainingCount: input.DryRun ? items.length : 0,
        SummaryItems: [...byVersion].map(([Version, Count]) => ({ Version, Count, RemainingCount: input.DryRun ? Count : 0 })),
      };
      const deletionId = randomUUID();
      if (!input.DryRun) {
        const option =
          input.SchemaDeleteOption === "DeleteSchema" ? "delete" : input.SchemaDeleteOption === "DisableSchema" ? "disable" : "keep";
        await deps.store.deleteType(ctx, input.TypeName, option, {
          deletion_id: deletionId,
          account_id: ctx.accountId,
          region: ctx.region,
          type_name: input.TypeName,
          client_token: input.ClientToken ?? null,
          started_at: ctx.now,
          summary: JSON.stringify(summary),
        });
      }
      return { DeletionId: deletionId, TypeName: input.TypeName, DeletionSummary: summary };
    },
  });
}
