/**
 * @module UpdateMaintenanceWindowTask: changes a task's members; with Replace, TaskArn must be given and the members
 * not given return to their defaults. The document and targets are checked again as they will run.
 */
import { Type } from "@sinclair/typebox";
import { ValidationException } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsBoolean, AwsString } from "../../../core/validation/aws-shapes.ts";
import { canonicalDocumentArn } from "../../documents/index.ts";
import { ownTask } from "../own-window.ts";
import { taskDocument, taskRowValues } from "../task-document.ts";
import { type WindowDeps, WindowIdShape, windowArn } from "../window-shapes.ts";
import { WindowTargetStore } from "../window-target-store.ts";
import {
  checkTaskTargets,
  refuseUnsupportedTaskMembers,
  TargetsShape,
  taskMembers,
  taskView,
  WindowTaskIdShape,
} from "../window-task-shapes.ts";
import { WindowTaskStore } from "../window-task-store.ts";

export function updateMaintenanceWindowTaskAction(deps: WindowDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "UpdateMaintenanceWindowTask",
    input: Type.Object({
      WindowId: WindowIdShape(),
      WindowTaskId: WindowTaskIdShape(),
      Targets: Type.Optional(TargetsShape()),
      TaskArn: Type.Optional(AwsString({ min: 1, max: 1600 })),
      ...taskMembers(),
      Replace: Type.Optional(AwsBoolean()),
    }),
    resources: (ctx, input) => [windowArn(ctx, input.WindowId), ...(input.TaskArn ? [canonicalDocumentArn(ctx, input.TaskArn)] : [])],
    async handle(ctx, input) {
      refuseUnsupportedTaskMembers(input);
      if (input.Replace && input.TaskArn === undefined) throw new ValidationException("With Replace, the request must give TaskArn.");
      return deps.store.transaction(async (windows) => {
        const scoped = {
          ...deps,
          store: windows,
          targets: new WindowTargetStore(windows.handle),
          tasks: new WindowTaskStore(windows.handle),
        };
        const row = await ownTask(scoped, ctx, input.WindowId, input.WindowTaskId);
        const { WindowId: _window, WindowTaskId: _task, Replace: _replace, ...given } = input;
        // With Replace the request is the whole task (only its type stays); without it, what it leaves out stays.
        const { WindowId: _w, WindowTaskId: _t, ...before } = taskView(row);
        const base: Partial<typeof before> = input.Replace ? { TaskType: before.TaskType } : before;
        const merged = {
          ...base,
          ...Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)),
        } as typeof before;
        const runCommand = merged.TaskInvocationParameters?.RunCommand;
        const document = await taskDocument(deps, ctx, merged.TaskArn, runCommand?.DocumentVersion);
        const registered = new Set((await scoped.targets.list(ctx, input.WindowId)).map((t) => t.window_target_id));
        const targets = checkTaskTargets(merged.Targets ?? [], registered, merged);
        const values = taskRowValues({ ...merged, TaskArn: document, Targets: targets });
        await scoped.tasks.update(ctx, input.WindowId, input.WindowTaskId, values);
        const { TaskType: _type, ...after } = taskView({ ...row, ...values });
        return after;
      });
    },
  });
}
