/** @module The caller's window by id, or SSM's DoesNotExistException. */
import { DoesNotExist } from "../../../protocol/errors/errors.ts";
import type { Scope } from "../../core/store/scope.ts";
import type { WindowRow, WindowStore } from "./window-store.ts";

export async function ownWindow(store: WindowStore, scope: Scope, windowId: string): Promise<WindowRow> {
  const row = await store.get(scope, windowId);
  if (!row) throw new DoesNotExist(`Maintenance window ${windowId} does not exist`);
  return row;
}
