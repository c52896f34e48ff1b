/**
 * @module What the maintenance-window actions share: the model's member shapes, the capability's dependencies, how a
 * window is named to IAM and tags, and how a stored window is answered (GetMaintenanceWindow, the listings).
 */
import { randomBytes } from "node:crypto";
import { Type } from "@sinclair/typebox";
import { ValidationException } from "../../../protocol/errors/errors.ts";
import type { Keyring } from "../../core/crypto/keyring.ts";
import { zoneOffsetMs } from "../../core/scheduler/aws-schedule.ts";
import type { Scope } from "../../core/store/scope.ts";
import { AwsBoolean, AwsInteger, AwsList, AwsString } from "../../core/validation/aws-shapes.ts";
import type { DocumentsCapability } from "../documents/index.ts";
import type { TagStore } from "../tags/index.ts";
import { nextWindowRun, type WindowTiming, windowSchedule } from "./window-schedule.ts";
import type { WindowRow, WindowStore } from "./window-store.ts";
import type { WindowTargetStore } from "./window-target-store.ts";
import type { WindowTaskStore } from "./window-task-store.ts";

export interface WindowDeps {
  store: WindowStore;
  targets: WindowTargetStore;
  tasks: WindowTaskStore;
  documents: DocumentsCapability;
  tags: TagStore;
  keyring: Keyring;
}

export const WindowIdShape = () => AwsString({ min: 20, max: 20, pattern: "^mw-[0-9a-f]{17}$" });
export const WindowNameShape = () => AwsString({ min: 3, max: 128, pattern: "^[a-zA-Z0-9_\\-.]{3,128}$" });

/** The members CreateMaintenanceWindow and UpdateMaintenanceWindow share, as the model bounds them. */
export const windowMembers = () => ({
  Description: Type.Optional(AwsString({ min: 1, max: 128 })),
  StartDate: Type.Optional(AwsString()),
  EndDate: Type.Optional(AwsString()),
  ScheduleTimezone: Type.Optional(AwsString()),
  ScheduleOffset: Type.Optional(AwsInteger({ min: 1, max: 6 })),
});
/** MaintenanceWindowFilterList: up to five filters, each a key and values. */
export const WindowFiltersShape = () =>
  AwsList(
    Type.Object({ Key: Type.Optional(AwsString({ min: 1, max: 128 })), Values: Type.Optional(AwsList(AwsString({ min: 1, max: 256 }))) }),
    { min: 0, max: 5 },
  );
/**
 * A MaintenanceWindowFilterList as one test: a key the listing does not know is a ValidationException; every filter
 * must hold, and one of its values must equal the record's field (a filter with no values holds).
 */
export function windowFilterTest<T>(
  filters: { Key?: string; Values?: string[] }[] | undefined,
  fields: Record<string, (record: T) => string>,
): (record: T) => boolean {
  for (const filter of filters ?? [])
    if (!filter.Key || !(filter.Key in fields))
      throw new ValidationException(
        `The filter key ${filter.Key ?? "(none)"} is not valid here; use one of ${Object.keys(fields).join(", ")}.`,
      );
  return (record) =>
    (filters ?? []).every((filter) => {
      const values = filter.Values ?? [];
      return values.length === 0 || values.includes(fields[filter.Key ?? ""]?.(record) ?? "");
    });
}

export const ScheduleShape = () => AwsString({ min: 1, max: 256 });
export const DurationShape = () => AwsInteger({ min: 1, max: 24 });
export const CutoffShape = () => AwsInteger({ min: 0, max: 23 });
export { AwsBoolean };

/** SSM's quota: 50 maintenance windows per account and Region. */
export const maxWindowsPerScope = 50;

export const newWindowId = (): string => `mw-${randomBytes(9).toString("hex").slice(0, 17)}`;

/** A window as IAM names it. */
export const windowArn = (scope: Scope, windowId: string): string =>
  `arn:aws:ssm:${scope.region}:${scope.accountId}:maintenancewindow/${windowId}`;

/** The resource type tags know windows by. */
export const windowResourceType = "MaintenanceWindow";

/** A window's schedule and active period as the schedule module reads them. */
export const timingOf = (row: WindowRow): WindowTiming => ({
  Schedule: row.schedule,
  ScheduleTimezone: row.schedule_timezone ?? undefined,
  ScheduleOffset: row.schedule_offset ?? undefined,
  StartDate: row.start_date ?? undefined,
  EndDate: row.end_date ?? undefined,
});

/**
 * Checks a window's timing and length together: the schedule, its zone and dates (window-schedule.ts), and a Cutoff
 * that leaves time to start tasks (SSM refuses a cutoff as long as the window).
 */
export function checkWindow(timing: WindowTiming, duration: number, cutoff: number): void {
  windowSchedule(timing);
  if (cutoff >= duration)
    throw new ValidationException(`Cutoff (${cutoff} hours) must be less than Duration (${duration} hours): no task could start.`);
}

/** An instant as SSM writes NextExecutionTime: to the minute, in the window's zone, with its offset (Z for UTC). */
export function windowTime(at: number, zone: string | null): string {
  const offsetMinutes = Math.round(zoneOffsetMs(at, zone ?? "UTC") / 60_000);
  const local = new Date(at + offsetMinutes * 60_000).toISOString().slice(0, 16);
  if (offsetMinutes === 0) return `${local}Z`;
  const sign = offsetMinutes < 0 ? "-" : "+";
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, "0");
  return `${local}${sign}${hours}:${String(Math.abs(offsetMinutes) % 60).padStart(2, "0")}`;
}

/** When an enabled window opens next, as SSM answers it; absent when it is disabled or never opens again. */
export function nextExecutionTime(row: WindowRow, now: number): { NextExecutionTime?: string } {
  if (!row.enabled) return {};
  const next = nextWindowRun(timingOf(row), now, row.schedule_set_at);
  return next === undefined ? {} : { NextExecutionTime: windowTime(next, row.schedule_timezone) };
}

/** The members every answer about a window carries (MaintenanceWindowIdentity's, and Get's and Update's). */
export function windowIdentity(row: WindowRow, now: number) {
  return {
    WindowId: row.window_id,
    Name: row.name,
    ...(row.description !== null ? { Description: row.description } : {}),
    Enabled: row.enabled === 1,
    Duration: row.duration,
    Cutoff: row.cutoff,
    Schedule: row.schedule,
    ...(row.schedule_timezone !== null ? { ScheduleTimezone: row.schedule_timezone } : {}),
    ...(row.schedule_offset !== null ? { ScheduleOffset: row.schedule_offset } : {}),
    ...(row.start_date !== null ? { StartDate: row.start_date } : {}),
    ...(row.end_date !== null ? { EndDate: row.end_date } : {}),
    ...nextExecutionTime(row, now),
  };
}
