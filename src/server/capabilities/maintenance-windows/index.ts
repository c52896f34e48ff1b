/**
 * @module Maintenance windows: when an account allows changes to its fleet — a schedule in a time zone, a length, and a
 * cutoff after which no task starts (docs/decisions/027-maintenance-windows.md). So far it keeps the windows (create,
 * read, change, delete, list, tags) and their targets; tasks, executions and the scheduler come next.
 */
import type { Capability, CoreServices } from "../../core/capability.ts";
import type { TagsCapability } from "../tags/index.ts";
import { createMaintenanceWindowAction } from "./actions/create-maintenance-window.ts";
import { deleteMaintenanceWindowAction } from "./actions/delete-maintenance-window.ts";
import { deregisterTargetFromMaintenanceWindowAction } from "./actions/deregister-target-from-maintenance-window.ts";
import { describeMaintenanceWindowTargetsAction } from "./actions/describe-maintenance-window-targets.ts";
import { describeMaintenanceWindowsAction } from "./actions/describe-maintenance-windows.ts";
import { getMaintenanceWindowAction } from "./actions/get-maintenance-window.ts";
import { registerTargetWithMaintenanceWindowAction } from "./actions/register-target-with-maintenance-window.ts";
import { updateMaintenanceWindowAction } from "./actions/update-maintenance-window.ts";
import { updateMaintenanceWindowTargetAction } from "./actions/update-maintenance-window-target.ts";
import { maintenanceWindowMigrations } from "./migrations.ts";
import { type WindowDeps, windowArn, windowResourceType } from "./window-shapes.ts";
import { WindowStore } from "./window-store.ts";
import { WindowTargetStore } from "./window-target-store.ts";

export function createMaintenanceWindowsCapability(core: CoreServices, parts: { tags: TagsCapability }): Capability {
  const deps: WindowDeps = {
    store: new WindowStore(core.database.db),
    targets: new WindowTargetStore(core.database.db),
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
    ],
    // The windows' scheduler comes with their tasks.
    jobs: [],
  };
}
