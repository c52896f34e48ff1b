/**
 * @module UpdateMaintenanceWindowTarget: changes a target's members; with Replace, Targets must be given and the
 * optional members not given are cleared.
 */
import { Type } from "@sinclair/typebox";
import { DoesNotExist, ValidationException } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsBoolean } from "../../../core/validation/aws-shapes.ts";
import { ownWindow } from "../own-window.ts";
import { type WindowDeps, WindowIdShape, windowArn } from "../window-shapes.ts";
import { checkTargets, TargetsShape, targetMembers, targetView, WindowTargetIdShape } from "../window-target-shapes.ts";
import { WindowTargetStore } from "../window-target-store.ts";

export function updateMaintenanceWindowTargetAction(deps: WindowDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "UpdateMaintenanceWindowTarget",
    input: Type.Object({
      WindowId: WindowIdShape(),
      WindowTargetId: WindowTargetIdShape(),
      Targets: Type.Optional(TargetsShape()),
      ...targetMembers(),
      Replace: Type.Optional(AwsBoolean()),
    }),
    resources: (ctx, input) => [windowArn(ctx, input.WindowId)],
    async handle(ctx, input) {
      if (input.Replace && input.Targets === undefined) throw new ValidationException("With Replace, the request must give Targets.");
      return deps.store.transaction(async (windows) => {
        await ownWindow(windows, ctx, input.WindowId);
        const store = new WindowTargetStore(windows.handle);
        const before = await store.get(ctx, input.WindowId, input.WindowTargetId);
        if (!before) throw new DoesNotExist(`Maintenance window target ${input.WindowTargetId} does not exist in ${input.WindowId}`);
        const optional = <T>(given: T | undefined, kept: T | null): T | null => (given !== undefined ? given : input.Replace ? null : kept);
        const after = {
          ...before,
          targets: input.Targets === undefined ? before.targets : JSON.stringify(checkTargets(before.resource_type, input.Targets)),
          owner_information: optional(input.OwnerInformation, before.owner_information),
          name: optional(input.Name, before.name),
          description: optional(input.Description, before.description),
        };
        const { targets, owner_information, name, description } = after;
        await store.update(ctx, input.WindowId, input.WindowTargetId, { targets, owner_information, name, description });
        const { ResourceType: _type, ...view } = targetView(after);
        return view;
      });
    },
  });
}
