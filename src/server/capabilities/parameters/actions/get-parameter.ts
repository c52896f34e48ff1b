/** @module GetParameter: one parameter by name, `name:version` or `name:label`. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { AwsBoolean } from "../../../core/validation/aws-shapes.ts";
import { arnForName, type ParameterDeps, ParameterNameShape } from "../parameter-shapes.ts";
import { parameterView, visibleValue } from "../parameter-view.ts";
import { resolveParameter } from "../resolve-parameter.ts";

export function getParameterAction(deps: ParameterDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "GetParameter",
    input: Type.Object({ Name: ParameterNameShape(), WithDecryption: Type.Optional(AwsBoolean()) }),
    resources: (ctx, input) => [arnForName(ctx, input.Name)],
    async handle(ctx, input) {
      const found = await resolveParameter(deps.store, ctx, input.Name);
      const { current, version, fields, selector } = found;
      const value = visibleValue(deps.keyring, ctx, current.name_key, fields, input.WithDecryption);
      return { Parameter: parameterView(ctx, current.name, current.name_key, version, fields, value, selector) };
    },
  });
}
