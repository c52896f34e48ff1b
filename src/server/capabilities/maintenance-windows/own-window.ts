/** @module The caller's window (or a task of it) by id, or SSM's DoesNotExistException. */
import { DoesNotExist } from "../../../protocol/errors/errors.ts";
import type { Scope } from "../../core/store/scope.ts";
import type { WindowDeps } from "./window-shapes.ts";
import type { WindowRow, WindowStore } from "./window-store.ts";
import type { WindowTaskRow } from "./window-task-store.ts";

export async function ownWindow(store: WindowStore, scope: Scope, windowId: string): Promise<WindowRow> {
  const row = await store.get(scope, windowId);
  if (!row) throw new DoesNotExist(`Maintenance window ${windowId} does not exist`);
  return row;
}

export async function ownTask(
  deps: Pick<WindowDeps, "store" | "tasks">,
  scope: Scope,
  windowId: string,
  taskId: string,
): Promise<WindowTaskRow> {
  await ownWindow(deps.store, scope, windowId);
  const row = await deps.tasks.get(scope, windowId, taskId);
  if (!row) throw new DoesNotExist(`Maintenance window task ${taskId} does not exist in ${windowId}`);
  return row;
}
