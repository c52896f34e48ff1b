/**
 * @module UpdatePatchBaseline: changes an account's own baseline. The members a request names replace the stored ones;
 * with Replace, every member it leaves out goes back to its default. Its operating system never changes.
 */
import { Type } from "@sinclair/typebox";
import { InvalidResourceId } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsBoolean } from "../../../core/validation/aws-shapes.ts";
import { BaselineIdShape, BaselineNameShape, baselineBodyMembers, checkBody, type PatchDeps, withDefaults } from "../patch-shapes.ts";
import { baselineResource, baselineView, resolveBaseline } from "../resolve-baseline.ts";

export function updatePatchBaselineAction(deps: PatchDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "UpdatePatchBaseline",
    input: Type.Object({
      BaselineId: BaselineIdShape(),
      Name: Type.Optional(BaselineNameShape()),
      ...baselineBodyMembers(),
      Replace: Type.Optional(AwsBoolean()),
    }),
    resources: (ctx, input) => [baselineResource(ctx, input.BaselineId)],
    async handle(ctx, input) {
      const { BaselineId, Name, Replace, ...members } = input;
      return deps.store.transaction(async (store) => {
        const baseline = await resolveBaseline(store, ctx, BaselineId);
        if (baseline.owner !== "Self") throw new InvalidResourceId(`${baseline.name} is a predefined baseline and cannot be changed.`);
        const body = withDefaults(Replace ? members : { ...baseline.body, ...members });
        checkBody(baseline.operatingSystem, body);
        const name = Name ?? baseline.name;
        await store.update(ctx, baseline.id, { name, body: JSON.stringify(body), modified_at: ctx.now });
        return baselineView({ ...baseline, name, body, modifiedAt: ctx.now });
      });
    },
  });
}
