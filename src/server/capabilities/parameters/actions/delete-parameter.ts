/** @module DeleteParameter: the parameter, all its versions, labels and tags. */
import { Type } from "@sinclair/typebox";
import { ParameterNotFound } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import type { Scope } from "../../../core/store/scope.ts";
import { readName } from "../parameter-names.ts";
import { arnForName, type ParameterDeps, ParameterNameShape, parameterResourceType } from "../parameter-shapes.ts";

/** Deletes one parameter with its tags in one transaction; false when it did not exist. */
export async function deleteParameter(deps: ParameterDeps, scope: Scope, key: string): Promise<boolean> {
  return deps.store.transaction(async (store) => {
    const deleted = await store.delete(scope, key);
    if (deleted) await deps.tags.removeAll(scope, parameterResourceType, key, store.handle);
    return deleted;
  });
}

export function deleteParameterAction(deps: ParameterDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DeleteParameter",
    input: Type.Object({ Name: ParameterNameShape() }),
    resources: (ctx, input) => [arnForName(ctx, input.Name)],
    async handle(ctx, input) {
      const name = readName(input.Name);
      if (!name || !(await deleteParameter(deps, ctx, name.key))) throw new ParameterNotFound(`Parameter ${input.Name} not found.`);
      return {};
    },
  });
}
