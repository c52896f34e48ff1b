/**
 * @module Maintenance windows: when an account allows changes to its fleet — a schedule in a time zone, a length, and a
 * cutoff after which no task starts (docs/decisions/027-maintenance-windows.md). So far it keeps the windows (create,
 * read, change, delete, list, tags) their targets and
 * tasks; executions and the scheduler come next.
 */
import type { Capability, CoreServices } from "../../core/capability.ts";
import type { DocumentsCapability } from "../documents/index.ts";
import type { TagsCapability } from "../tags/index.ts";
import { createMaintenanceWindowAction } from "./actions/create-maintenance-window.ts";
import { deleteMaintenanceWindowAction } from "./actions/delete-maintenance-window.ts";
import { deregisterTargetFromMaintenanceWindowAction } from "./actions/deregister-target-from-maintenance-window.ts";
import { deregisterTaskFromMaintenanceWindowAction } from "./actions/deregister-task-from-maintenance-window.ts";
import { describeMaintenanceWindowTargetsAction } from "./actions/describe-maintenance-window-targets.ts";
import { describeMaintenanceWindowTasksAction } from "./actions/describe-maintenance-window-tasks.ts";
import { describeMaintenanceWindowsAction } from "./actions/describe-maintenance-windows.ts";
import { getMaintenanceWindowAction } from "./actions/get-maintenance-window.ts";
import { getMaintenanceWindowTaskAction } from "./actions/get-maintenance-window-task.ts";
import { registerTargetWithMaintenanceWindowAction } from "./actions/register-target-with-maintenance-window.ts";
import { registerTaskWithMaintenanceWindowAction } from "./actions/register-task-with-maintenance-window.ts";
import { updateMaintenanceWindowAction } from "./actions/update-maintenance-window.ts";
import { updateMaintenanceWindowTargetAction } from "./actions/update-maintenance-window-target.ts";
import { updateMaintenanceWindowTaskAction } from "./actions/update-maintenance-window-task.ts";
import { maintenanceWindowMigrations } from "./migrations.ts";
import { type WindowDeps, windowArn, windowResourceType } from "./window-shapes.ts";
import { WindowStore } from "./window-store.ts";
import { WindowTargetStore } from "./window-target-store.ts";
import { WindowTaskStore } from "./window-task-store.ts";

export function createMaintenanceWindowsCapability(
  core: CoreServices,
  parts: { tags: TagsCapability; documents: DocumentsCapability },
): Capability {
  const deps: WindowDeps = {
    store: new WindowStore(core.database.db),
    targets: new WindowTargetStore(core.database.db),
    tasks: new WindowTaskStore(core.database.db),
    documents: parts.documents,
    tags: parts.tags.store,
    keyring: core.keyring,
  };
  parts.tags.registry.register(windowResourceType, {
    resolve: async (ctx, id) => ((await deps.store.get(ctx, id.trim())) ? id.trim() : undefined),
    arn: (ctx, id) => windowArn(ctx, id.trim()),
  });
  return {
    name: "maintenance-windows",
    migrations: maintenanceWindowMigrations,
    actions: [
      createMaintenanceWindowAction(deps),
      getMaintenanceWindowAction(deps),
      updateMaintenanceWindowAction(deps),
      deleteMaintenanceWindowAction(deps),
      describeMaintenanceWindowsAction(deps),
      registerTargetWithMaintenanceWindowAction(deps),
      updateMaintenanceWindowTargetAction(deps),
      deregisterTargetFromMaintenanceWindowAction(deps),
      describeMaintenanceWindowTargetsAction(deps),
      registerTaskWithMaintenanceWindowAction(deps),
      getMaintenanceWindowTaskAction(deps),
      updateMaintenanceWindowTaskAction(deps),
      deregisterTaskFromMaintenanceWindowAction(deps),
      describeMaintenanceWindowTasksAction(deps),
    ],
    // The windows' scheduler comes with their tasks.
    jobs: [],
  };
}
