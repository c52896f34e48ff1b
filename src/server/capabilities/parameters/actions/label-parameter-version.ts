/** @module LabelParameterVersion: attach labels to a version (moving them from others); invalid labels are returned. */
import { Type } from "@sinclair/typebox";
import { ParameterNotFound, ParameterVersionLabelLimitExceeded, ParameterVersionNotFound } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { isValidLabel, maxLabelsPerVersion } from "../parameter-labels.ts";
import { readName } from "../parameter-names.ts";
import { arnForName, type ParameterDeps, ParameterLabelListShape, ParameterNameShape, ParameterVersionShape } from "../parameter-shapes.ts";

export function labelParameterVersionAction(deps: ParameterDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "LabelParameterVersion",
    input: Type.Object({
      Name: ParameterNameShape(),
      ParameterVersion: Type.Optional(ParameterVersionShape()),
      Labels: ParameterLabelListShape(),
    }),
    resources: (ctx, input) => [arnForName(ctx, input.Name)],
    async handle(ctx, input) {
      const name = readName(input.Name);
      if (!name) throw new ParameterNotFound(`Parameter ${input.Name} not found.`);
      return deps.store.transaction(async (store) => {
        const current = await store.get(ctx, name.key, { lock: true });
        if (!current) throw new ParameterNotFound(`Parameter ${input.Name} not found.`);
        const version = input.ParameterVersion ?? current.version;
        if (!(await store.getVersion(ctx, name.key, version))) {
          throw new ParameterVersionNotFound(
            `Systems Manager could not find version ${version} of ${input.Name}. Verify the version and try again.`,
          );
        }
        const valid = [...new Set(input.Labels.filter(isValidLabel))];
        const invalid = input.Labels.filter((label) => !isValidLabel(label));
        const onVersion = new Set((await store.labels(ctx, name.key)).get(version) ?? []);
        for (const label of valid) onVersion.add(label);
        if (onVersion.size > maxLabelsPerVersion) {
          throw new ParameterVersionLabelLimitExceeded(`A parameter version can have a maximum of ${maxLabelsPerVersion} labels.`);
        }
        await store.attachLabels(ctx, name.key, version, valid);
        return { InvalidLabels: invalid, ParameterVersion: version };
      });
    },
  });
}
