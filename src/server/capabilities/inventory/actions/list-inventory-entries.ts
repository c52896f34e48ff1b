/** @module ListInventoryEntries: one node's entries of one type, filtered on their attributes, paginated (1–50). */
import { Type } from "@sinclair/typebox";
import { InvalidFilter, InvalidInstanceId, InvalidTypeName } from "../../../../protocol/errors/errors.ts";
import { builtinTypeNamed } from "../../../../protocol/inventory-types.ts";
import { defineAction } from "../../../core/api/action.ts";
import { decodeNextToken, encodeNextToken } from "../../../core/api/next-token.ts";
import { filteredPage } from "../../../core/store/filtered-page.ts";
import { AwsInteger, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { type AttributeFilter, matchesFilter } from "../inventory-filters.ts";
import { InstanceIdShape, type InventoryDeps, InventoryFilterListShape, inventoryArn, TypeNameShape } from "../inventory-shapes.ts";

export function listInventoryEntriesAction(deps: InventoryDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "ListInventoryEntries",
    input: Type.Object({
      InstanceId: InstanceIdShape(),
      TypeName: TypeNameShape(),
      Filters: Type.Optional(InventoryFilterListShape()),
      NextToken: Type.Optional(NextTokenShape()),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 50 })),
    }),
    resources: (ctx, input) => [inventoryArn(ctx, input.InstanceId)],
    async handle(ctx, input) {
      const builtin = builtinTypeNamed.get(input.TypeName);
      if (input.TypeName.startsWith("AWS:") && !builtin) throw new InvalidTypeName(`${input.TypeName} is not an inventory type.`);
      if (!(await deps.nodes.instances.get(ctx, input.InstanceId)))
        throw new InvalidInstanceId(`Instance ${input.InstanceId} is not a managed node of this account and Region.`);
      const filters: AttributeFilter[] = (input.Filters ?? []).map((f) => {
        // `Name` and `AWS:Application.Name` both name the attribute.
        const attribute = f.Key.startsWith(`${input.TypeName}.`) ? f.Key.slice(input.TypeName.length + 1) : f.Key;
        if (builtin && !(attribute in builtin.attributes)) throw new InvalidFilter(`${input.TypeName} has no attribute ${attribute}.`);
        return { attribute, values: f.Values, type: f.Type ?? "Equal", numeric: builtin?.attributes[attribute] === "number" };
      });
      const item = await deps.store.item(ctx, input.InstanceId, input.TypeName);
      const after = input.NextToken ? decodeNextToken<{ seq: number }>(deps.keyring, ctx, "ListInventoryEntries", input.NextToken).seq : -1;
      const { page, more } = await filteredPage(
        (position: number | undefined, batch) => deps.store.entries(ctx, input.InstanceId, input.TypeName, position ?? -1, batch),
        (row) => row.seq,
        (row) => {
          const entry = JSON.parse(row.attributes) as Record<string, string>;
          return filters.every((f) => matchesFilter(entry[f.attribute], f));
        },
        after,
        input.MaxResults ?? 50,
      );
      const last = page[page.length - 1];
      return {
        TypeName: input.TypeName,
        InstanceId: input.InstanceId,
        ...(item ? { SchemaVersion: item.schema_version, CaptureTime: item.capture_time } : {}),
        Entries: page.map((row) => JSON.parse(row.attributes) as Record<string, string>),
        ...(more && last ? { NextToken: encodeNextToken(deps.keyring, ctx, "ListInventoryEntries", { seq: last.seq }) } : {}),
      };
    },
  });
}
