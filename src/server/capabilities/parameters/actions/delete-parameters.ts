/** @module DeleteParameters: up to 10 at once; names that find nothing come back as InvalidParameters. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { readName } from "../parameter-names.ts";
import { arnForName, type ParameterDeps, ParameterNameListShape } from "../parameter-shapes.ts";
import { deleteParameter } from "./delete-parameter.ts";

export function deleteParametersAction(deps: ParameterDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DeleteParameters",
    input: Type.Object({ Names: ParameterNameListShape() }),
    resources: (ctx, input) => input.Names.map((name) => arnForName(ctx, name)),
    async handle(ctx, input) {
      const deleted: string[] = [];
      const invalid: string[] = [];
      for (const raw of new Set(input.Names)) {
        const name = readName(raw);
        if (name && (await deleteParameter(deps, ctx, name.key))) deleted.push(raw);
        else invalid.push(raw);
      }
      return { DeletedParameters: deleted, InvalidParameters: invalid };
    },
  });
}
