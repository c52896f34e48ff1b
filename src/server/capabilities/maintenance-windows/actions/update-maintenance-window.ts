/**
 * @module UpdateMaintenanceWindow: changes the members given; with Replace, the window becomes exactly the request —
 * the members CreateMaintenanceWindow requires must be given, and the optional ones not given are cleared. A new
 * schedule counts from now (a rate's period, which cron times an offset applies to).
 */
import { Type } from "@sinclair/typebox";
import { ValidationException } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { ownWindow } from "../own-window.ts";
import {
  AwsBoolean,
  CutoffShape,
  checkWindow,
  DurationShape,
  ScheduleShape,
  timingOf,
  type WindowDeps,
  WindowIdShape,
  WindowNameShape,
  windowArn,
  windowIdentity,
  windowMembers,
} from "../window-shapes.ts";
import type { WindowRow } from "../window-store.ts";

const requiredWhenReplacing = ["Name", "Schedule", "Duration", "Cutoff", "AllowUnassociatedTargets"] as const;

export function updateMaintenanceWindowAction(deps: WindowDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "UpdateMaintenanceWindow",
    input: Type.Object({
      WindowId: WindowIdShape(),
      Name: Type.Optional(WindowNameShape()),
      Schedule: Type.Optional(ScheduleShape()),
      Duration: Type.Optional(DurationShape()),
      Cutoff: Type.Optional(CutoffShape()),
      AllowUnassociatedTargets: Type.Optional(AwsBoolean()),
      Enabled: Type.Optional(AwsBoolean()),
      Replace: Type.Optional(AwsBoolean()),
      ...windowMembers(),
    }),
    resources: (ctx, input) => [windowArn(ctx, input.WindowId)],
    async handle(ctx, input) {
      if (input.Replace) {
        const missing = requiredWhenReplacing.filter((member) => input[member] === undefined);
        if (missing.length > 0) throw new ValidationException(`With Replace, the request must give ${missing.join(", ")}.`);
      }
      return deps.store.transaction(async (store) => {
        const before = await ownWindow(store, ctx, input.WindowId);
        // With Replace, an optional member not given is cleared; without it, it stays.
        const optional = <T>(given: T | undefined, kept: T | null): T | null => (given !== undefined ? given : input.Replace ? null : kept);
        const after: WindowRow = {
          ...before,
          name: input.Name ?? before.name,
          description: optional(input.Description, before.description),
          schedule: input.Schedule ?? before.schedule,
          schedule_timezone: optional(input.ScheduleTimezone, before.schedule_timezone),
          schedule_offset: optional(input.ScheduleOffset, before.schedule_offset),
          start_date: optional(input.StartDate, before.start_date),
          end_date: optional(input.EndDate, before.end_date),
          duration: input.Duration ?? before.duration,
          cutoff: input.Cutoff ?? before.cutoff,
          allow_unassociated_targets:
            input.AllowUnassociatedTargets === undefined ? before.allow_unassociated_targets : input.AllowUnassociatedTargets ? 1 : 0,
          enabled: input.Enabled === undefined ? (input.Replace ? 1 : before.enabled) : input.Enabled ? 1 : 0,
          modified_at: ctx.now,
        };
        checkWindow(timingOf(after), after.duration, after.cutoff);
        const rescheduled = JSON.stringify(timingOf(after)) !== JSON.stringify(timingOf(before));
        if (rescheduled) after.schedule_set_at = ctx.now;
        const { account_id: _a, region: _r, window_id: _w, ...changes } = after;
        await store.update(ctx, before.window_id, changes);
        const { NextExecutionTime: _next, ...identity } = windowIdentity(after, ctx.now);
        return { ...identity, AllowUnassociatedTargets: after.allow_unassociated_targets === 1 };
      });
    },
  });
}
