/**
 * @module Bosun.ListMachineSources: the sources of the account (or of every account, for an organization's
 * administrator).
 */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { AwsBoolean } from "../../../core/validation/aws-shapes.ts";
import { accountsFor, type MachineDeps } from "../machine-shapes.ts";
import { arn, describeAll } from "../machine-source-shapes.ts";

export function listMachineSourcesAction(deps: MachineDeps) {
  return defineAction({
    target: "Bosun",
    name: "ListMachineSources",
    input: Type.Object({ AllAccounts: Type.Optional(AwsBoolean()) }),
    resources: (ctx) => [arn(ctx, "*")],
    async handle(ctx, input) {
      return { Sources: await describeAll(deps, await accountsFor(deps, ctx, input.AllAccounts)) };
    },
  });
}
