/** @module UnlabelParameterVersion: remove labels from a version; labels it does not carry are returned as invalid. */
import { Type } from "@sinclair/typebox";
import { ParameterNotFound, ParameterVersionNotFound } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { readName } from "../parameter-names.ts";
import { arnForName, type ParameterDeps, ParameterLabelListShape, ParameterNameShape, ParameterVersionShape } from "../parameter-shapes.ts";

export function unlabelParameterVersionAction(deps: ParameterDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "UnlabelParameterVersion",
    input: Type.Object({ Name: ParameterNameShape(), ParameterVersion: ParameterVersionShape(), Labels: ParameterLabelListShape() }),
    resources: (ctx, input) => [arnForName(ctx, input.Name)],
    async handle(ctx, input) {
      const name = readName(input.Name);
      if (!name) throw new ParameterNotFound(`Parameter ${input.Name} not found.`);
      return deps.store.transaction(async (store) => {
        if (!(await store.get(ctx, name.key, { lock: true }))) throw new ParameterNotFound(`Parameter ${input.Name} not found.`);
        if (!(await store.getVersion(ctx, name.key, input.ParameterVersion))) {
          throw new ParameterVersionNotFound(
            `Systems Manager could not find version ${input.ParameterVersion} of ${input.Name}. Verify the version and try again.`,
          );
        }
        const onVersion = new Set((await store.labels(ctx, name.key)).get(input.ParameterVersion) ?? []);
        const removed = [...new Set(input.Labels.filter((label) => onVersion.has(label)))];
        const invalid = input.Labels.filter((label) => !onVersion.has(label));
        await store.detachLabels(ctx, name.key, input.ParameterVersion, removed);
        return { RemovedLabels: removed, InvalidLabels: invalid };
      });
    },
  });
}
