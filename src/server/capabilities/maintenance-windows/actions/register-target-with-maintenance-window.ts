/**
 * @module RegisterTargetWithMaintenanceWindow: names nodes a window's tasks run on — by id, by tag or by tag key. A
 * repeated ClientToken answers the target it registered, or IdempotentParameterMismatch when the request differs.
 */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { AwsString } from "../../../core/validation/aws-shapes.ts";
import { ownWindow } from "../own-window.ts";
import { registerWindowPart } from "../register-window-part.ts";
import { type WindowDeps, WindowIdShape, windowArn } from "../window-shapes.ts";
import { checkTargets, maxTargetsPerWindow, ResourceTypeShape, TargetsShape, targetMembers } from "../window-target-shapes.ts";
import { WindowTargetStore } from "../window-target-store.ts";

export function registerTargetWithMaintenanceWindowAction(deps: WindowDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "RegisterTargetWithMaintenanceWindow",
    input: Type.Object({
      WindowId: WindowIdShape(),
      ResourceType: ResourceTypeShape(),
      Targets: TargetsShape(),
      ...targetMembers(),
      ClientToken: Type.Optional(AwsString({ min: 1, max: 64 })),
    }),
    resources: (ctx, input) => [windowArn(ctx, input.WindowId)],
    async handle(ctx, input) {
      const targets = checkTargets(input.ResourceType, input.Targets);
      const request = {
        resource_type: input.ResourceType,
        targets: JSON.stringify(targets),
        owner_information: input.OwnerInformation ?? null,
        name: input.Name ?? null,
        description: input.Description ?? null,
      };
      return deps.store.transaction(async (windows) => {
        await ownWindow(windows, ctx, input.WindowId);
        const store = new WindowTargetStore(windows.handle);
        const id = await registerWindowPart({
          registered: await store.list(ctx, input.WindowId),
          idOf: (row) => row.window_target_id,
          clientToken: input.ClientToken,
          values: request,
          quota: { max: maxTargetsPerWindow, noun: "targets" },
          insert: (windowTargetId) =>
            store.insert({
              account_id: ctx.accountId,
              region: ctx.region,
              window_id: input.WindowId,
              window_target_id: windowTargetId,
              ...request,
              client_token: input.ClientToken ?? null,
              created_at: ctx.now,
            }),
        });
        return { WindowTargetId: id };
      });
    },
  });
}
