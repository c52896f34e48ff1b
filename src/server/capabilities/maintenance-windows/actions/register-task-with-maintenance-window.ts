/**
 * @module RegisterTaskWithMaintenanceWindow: a Run Command task the window runs when it opens — a Command document,
 * the window's targets (or nodes), rate control, and Priority (lower first; equal priorities run together). The
 * document is resolved and authorized as it will run; a repeated ClientToken answers the task it registered.
 */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { AwsString } from "../../../core/validation/aws-shapes.ts";
import { canonicalDocumentArn } from "../../documents/index.ts";
import { ownWindow } from "../own-window.ts";
import { registerWindowPart } from "../register-window-part.ts";
import { taskDocument, taskRowValues } from "../task-document.ts";
import { type WindowDeps, WindowIdShape, windowArn } from "../window-shapes.ts";
import { WindowTargetStore } from "../window-target-store.ts";
import {
  checkTaskTargets,
  checkTaskType,
  maxTasksPerWindow,
  refuseUnsupportedTaskMembers,
  TargetsShape,
  TaskTypeShape,
  taskMembers,
} from "../window-task-shapes.ts";
import { WindowTaskStore } from "../window-task-store.ts";

export function registerTaskWithMaintenanceWindowAction(deps: WindowDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "RegisterTaskWithMaintenanceWindow",
    input: Type.Object({
      WindowId: WindowIdShape(),
      Targets: Type.Optional(TargetsShape()),
      TaskArn: AwsString({ min: 1, max: 1600 }),
      TaskType: TaskTypeShape(),
      ...taskMembers(),
      ClientToken: Type.Optional(AwsString({ min: 1, max: 64 })),
    }),
    resources: (ctx, input) => [
      windowArn(ctx, input.WindowId),
      ...(input.TaskType === "RUN_COMMAND" ? [canonicalDocumentArn(ctx, input.TaskArn)] : []),
    ],
    async handle(ctx, input) {
      refuseUnsupportedTaskMembers(input);
      checkTaskType(input.TaskType);
      const document = await taskDocument(deps, ctx, input.TaskArn, input.TaskInvocationParameters?.RunCommand?.DocumentVersion);
      return deps.store.transaction(async (windows) => {
        await ownWindow(windows, ctx, input.WindowId);
        const registered = new Set((await new WindowTargetStore(windows.handle).list(ctx, input.WindowId)).map((t) => t.window_target_id));
        const targets = checkTaskTargets(input.Targets ?? [], registered, input);
        const values = taskRowValues({ ...input, TaskArn: document, Targets: targets });
        const store = new WindowTaskStore(windows.handle);
        const id = await registerWindowPart({
          registered: await store.list(ctx, input.WindowId),
          idOf: (row) => row.window_task_id,
          clientToken: input.ClientToken,
          values,
          quota: { max: maxTasksPerWindow, noun: "tasks" },
          insert: (windowTaskId) =>
            store.insert({
              account_id: ctx.accountId,
              region: ctx.region,
              window_id: input.WindowId,
              window_task_id: windowTaskId,
              ...values,
              client_token: input.ClientToken ?? null,
              created_at: ctx.now,
            }),
        });
        return { WindowTaskId: id };
      });
    },
  });
}
