/**
 * @module When a maintenance window opens: its Schedule (cron, rate or at) read in its ScheduleTimezone (UTC when
 * none), moved by ScheduleOffset days (cron only), and only within StartDate–EndDate, which are instants of their own
 * and do not depend on the time zone. As SSM documents, an offset counts from cron times after the window was created
 * or changed: a cron time already past whose offset run is still ahead does not run.
 */
import { ValidationException } from "../../../protocol/errors/errors.ts";
import { type AwsSchedule, isTimeZone, nextAwsRun, parseAwsSchedule } from "../../core/scheduler/aws-schedule.ts";

export interface WindowTiming {
  Schedule: string;
  ScheduleTimezone?: string | undefined;
  ScheduleOffset?: number | undefined;
  StartDate?: string | undefined;
  EndDate?: string | undefined;
}

const dayMs = 86_400_000;
/** Windows open at most hourly: a window lasts at least an hour (Duration), and two of one window never overlap. */
const minimumIntervalMs = 3_600_000;

/** An ISO-8601 instant with a date, a time and an offset or Z (2021-04-07T14:29:00-08:00), as SSM takes them. */
export function parseWindowDate(member: string, text: string): number {
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(text.trim());
  const at = iso ? Date.parse(text.trim()) : Number.NaN;
  if (Number.isNaN(at)) throw new ValidationException(`${member} must be an ISO-8601 date and time such as 2021-04-07T14:29:00-08:00.`);
  return at;
}

/** The window's schedule, checked as SSM checks it; throws ValidationException with the reason. */
export function windowSchedule(timing: WindowTiming): AwsSchedule {
  const zone = timing.ScheduleTimezone;
  if (zone !== undefined && !isTimeZone(zone))
    throw new ValidationException(`ScheduleTimezone ${zone} is not a time zone in IANA form, such as America/Los_Angeles or Etc/UTC.`);
  const schedule = parseAwsSchedule(timing.Schedule, {
    timezone: zone,
    minimumIntervalMs,
    minimumWhy: "a maintenance window opens at most once an hour",
    invalid: (why) => new ValidationException(`The schedule expression ${timing.Schedule} isn't valid: ${why}.`),
  });
  if (timing.ScheduleOffset !== undefined && schedule.kind !== "cron")
    throw new ValidationException("ScheduleOffset can only be used with a cron expression.");
  const start = timing.StartDate === undefined ? undefined : parseWindowDate("StartDate", timing.StartDate);
  const end = timing.EndDate === undefined ? undefined : parseWindowDate("EndDate", timing.EndDate);
  if (start !== undefined && end !== undefined && end <= start) throw new ValidationException("EndDate must be later than StartDate.");
  return schedule;
}

/**
 * The window's first opening strictly after `after` (epoch ms), or undefined when it never opens again. `anchor` is when
 * the schedule was set (rates count from it, and offsets only apply to cron times after it).
 */
export function nextWindowRun(timing: WindowTiming, after: number, anchor: number): number | undefined {
  const schedule = windowSchedule(timing);
  const start = timing.StartDate === undefined ? undefined : parseWindowDate("StartDate", timing.StartDate);
  const end = timing.EndDate === undefined ? undefined : parseWindowDate("EndDate", timing.EndDate);
  const offsetMs = (timing.ScheduleOffset ?? 0) * dayMs;
  // Runs before the start date do not happen: look from the later of the two.
  const from = start !== undefined && start > after ? start - 1 : after;
  // Cron times after `from` less the offset (and, with an offset, after the anchor); a rate counts from the start date
  // when there is one, else from when the schedule was set.
  const base = offsetMs > 0 ? Math.max(from - offsetMs, anchor) : from;
  const next = nextAwsRun(schedule, base, start ?? anchor);
  if (next === undefined) return undefined;
  const run = next + offsetMs;
  return end !== undefined && run > end ? undefined : run;
}
