/** @module GetParameters: up to 10 parameters at once; names that find nothing come back as InvalidParameters. */
import { Type } from "@sinclair/typebox";
import { ServiceError } from "../../../../protocol/errors/service-error.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsBoolean } from "../../../core/validation/aws-shapes.ts";
import { arnForName, type ParameterDeps, ParameterNameListShape } from "../parameter-shapes.ts";
import { parameterView, visibleValue } from "../parameter-view.ts";
import { resolveParameter } from "../resolve-parameter.ts";

export function getParametersAction(deps: ParameterDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "GetParameters",
    input: Type.Object({ Names: ParameterNameListShape(), WithDecryption: Type.Optional(AwsBoolean()) }),
    resources: (ctx, input) => input.Names.map((name) => arnForName(ctx, name)),
    async handle(ctx, input) {
      const parameters = [];
      const invalid: string[] = [];
      for (const raw of new Set(input.Names)) {
        try {
          const { current, version, fields, selector } = await resolveParameter(deps.store, ctx, raw);
          const value = visibleValue(deps.keyring, ctx, current.name_key, fields, input.WithDecryption);
          parameters.push(parameterView(ctx, current.name, current.name_key, version, fields, value, selector));
        } catch (error) {
          if (
            error instanceof ServiceError &&
            (error.exception === "ParameterNotFound" || error.exception === "ParameterVersionNotFound")
          ) {
            invalid.push(raw);
          } else {
            throw error;
          }
        }
      }
      return { Parameters: parameters, InvalidParameters: invalid };
    },
  });
}
