/** @module Bosun.DeleteMachineSource: a source and the machines it reported. */
import { Type } from "@sinclair/typebox";
import { defineError } from "../../../../protocol/errors/service-error.ts";
import { defineAction } from "../../../core/api/action.ts";
import { type MachineDeps, targetAccount } from "../machine-shapes.ts";
import { AccountIdShape, arn, SourceNameShape } from "../machine-source-shapes.ts";

const NotFound = defineError("ResourceNotFoundException");

export function deleteMachineSourceAction(deps: MachineDeps) {
  return defineAction({
    target: "Bosun",
    name: "DeleteMachineSource",
    input: Type.Object({ SourceName: SourceNameShape(), AccountId: Type.Optional(AccountIdShape()) }),
    resources: (ctx, input) => [arn(ctx, input.SourceName)],
    async handle(ctx, input) {
      const accountId = await targetAccount(deps, ctx, input.AccountId);
      if (!(await deps.store.transaction((store) => store.deleteSource(accountId, input.SourceName))))
        throw new NotFound(`No machine source named ${input.SourceName} in account ${accountId}.`);
      return {};
    },
  });
}
