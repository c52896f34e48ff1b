/** @module PutInventory: a node's inventory items (custom types from any client; the agent sends the AWS: types). */
import { Type } from "@sinclair/typebox";
import { InvalidInstanceId, ValidationException } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsList, AwsString } from "../../../core/validation/aws-shapes.ts";
import { putInventory } from "../inventory-item-rules.ts";
import { InstanceIdShape, type InventoryDeps, inventoryArn, TypeNameShape } from "../inventory-shapes.ts";

const Attributes = () => Type.Record(AwsString({ min: 1, max: 64 }), AwsString({ min: 0, max: 4096 }), { maxProperties: 50 });

/** Attribute names are 1–64 characters (a map's keys, which the schema library does not bound). */
function checkAttributeNames(
  items: readonly { Content?: Record<string, string>[] | undefined; Context?: Record<string, string> | undefined }[],
): void {
  items.forEach((item, i) => {
    const maps: [string, Record<string, string>][] = [
      ...(item.Content ?? []).map((entry, j): [string, Record<string, string>] => [`items.${i + 1}.member.content.${j + 1}.member`, entry]),
      ...(item.Context ? [[`items.${i + 1}.member.context`, item.Context] as [string, Record<string, string>]] : []),
    ];
    for (const [path, map] of maps)
      for (const name of Object.keys(map))
        if (name.length < 1 || name.length > 64)
          throw new ValidationException(
            `1 validation error detected: Value '${name.slice(0, 100)}' at '${path}' failed to satisfy constraint: Map keys must have length between 1 and 64`,
          );
  });
}

export function putInventoryAction(deps: InventoryDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "PutInventory",
    maxRequestBytes: 16 * 1024 * 1024,
    input: Type.Object({
      InstanceId: InstanceIdShape(),
      Items: AwsList(
        Type.Object({
          TypeName: TypeNameShape(),
          SchemaVersion: AwsString({ pattern: "^([0-9]{1,6})(\\.[0-9]{1,6})$" }),
          CaptureTime: AwsString({
            pattern: "^(20)[0-9][0-9]-(0[1-9]|1[012])-([12][0-9]|3[01]|0[1-9])(T)(2[0-3]|[0-1][0-9])(:[0-5][0-9])(:[0-5][0-9])(Z)$",
          }),
          ContentHash: Type.Optional(AwsString({ max: 256 })),
          Content: Type.Optional(AwsList(Attributes(), { min: 0, max: 10_000 })),
          Context: Type.Optional(Attributes()),
        }),
        { min: 1, max: 30 },
      ),
    }),
    resources: (ctx, input) => [inventoryArn(ctx, input.InstanceId)],
    async handle(ctx, input) {
      checkAttributeNames(input.Items);
      const node = await deps.nodes.instances.get(ctx, input.InstanceId);
      if (!node) throw new InvalidInstanceId(`Instance ${input.InstanceId} is not a managed node of this account and Region.`);
      // A terminated node's inventory is gone and stays gone (no stale data).
      if (node.terminated_at !== null) throw new InvalidInstanceId(`Instance ${input.InstanceId} was reported terminated.`);
      await putInventory(deps.store, ctx, input.InstanceId, input.Items, ctx.now, deps.contentListeners);
      return { Message: "" };
    },
  });
}
