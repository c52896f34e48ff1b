/** @module Bosun.RefreshMachineSources: ask every EC2 source again now. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { AwsBoolean } from "../../../core/validation/aws-shapes.ts";
import { refreshSource } from "../machine-refresh.ts";
import { accountsFor, type MachineDeps } from "../machine-shapes.ts";
import { arn, describeAll } from "../machine-source-shapes.ts";

export function refreshMachineSourcesAction(deps: MachineDeps) {
  return defineAction({
    target: "Bosun",
    name: "RefreshMachineSources",
    input: Type.Object({ AllAccounts: Type.Optional(AwsBoolean()) }),
    resources: (ctx) => [arn(ctx, "*")],
    async handle(ctx, input) {
      const accounts = await accountsFor(deps, ctx, input.AllAccounts);
      for (const accountId of accounts)
        for (const source of await deps.store.sources(accountId)) await refreshSource(deps, source, ctx.now);
      return { Sources: await describeAll(deps, accounts) };
    },
  });
}
