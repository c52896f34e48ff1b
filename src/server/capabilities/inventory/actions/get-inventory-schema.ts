/** @module GetInventorySchema: the built-in types and the account's custom types with their attributes (50–200 a page). */
import { Type } from "@sinclair/typebox";
import { builtinTypes } from "../../../../protocol/inventory-types.ts";
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { AwsBoolean, AwsInteger, AwsString, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { type InventoryDeps, inventoryArn } from "../inventory-shapes.ts";

interface Schema {
  TypeName: string;
  Version: string;
  Attributes: { Name: string; DataType: "string" | "number" }[];
  DisplayName?: string;
}

const platformAggregator: Schema = {
  TypeName: "AWS:InstanceInformation",
  Version: "1.0",
  DisplayName: "Platform",
  Attributes: ["PlatformName", "PlatformType", "PlatformVersion"].map((Name) => ({ Name, DataType: "string" as const })),
};

export function getInventorySchemaAction(deps: InventoryDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "GetInventorySchema",
    input: Type.Object({
      TypeName: Type.Optional(AwsString({ min: 0, max: 100 })),
      NextToken: Type.Optional(NextTokenShape()),
      MaxResults: Type.Optional(AwsInteger({ min: 50, max: 200 })),
      Aggregator: Type.Optional(AwsBoolean()),
      SubType: Type.Optional(AwsBoolean()),
    }),
    resources: (ctx) => [inventoryArn(ctx, "*")],
    async handle(ctx, input) {
      // No type has sub-types in Bosun (SSM's are Windows-only), so a SubType listing is empty.
      if (input.SubType) return { Schemas: [] };
      // Aggregator: the types GetInventory can aggregate on out of the box, as SSM lists them: the platform of nodes.
      if (input.Aggregator) return { Schemas: [platformAggregator] };
      const schemas: Schema[] = [
        ...builtinTypes.map((t) => ({
          TypeName: t.typeName,
          Version: t.version,
          Attributes: Object.entries(t.attributes).map(([Name, DataType]) => ({ Name, DataType })),
        })),
        ...(await deps.store.customTypes.all(ctx)).map((c) => ({
          TypeName: c.type_name,
          Version: c.schema_version,
          Attributes: (JSON.parse(c.attributes) as string[]).map((Name) => ({ Name, DataType: "string" as const })),
        })),
      ].filter((s) => !input.TypeName || s.TypeName === input.TypeName);
      const { page, nextToken } = indexPage(deps.keyring, ctx, "GetInventorySchema", schemas, input.NextToken, input.MaxResults ?? 50);
      return { Schemas: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
