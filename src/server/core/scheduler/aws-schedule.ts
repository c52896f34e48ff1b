/**
 * @module Schedules as SSM writes them, for associations and maintenance windows alike: `cron(min hour day-of-month
 * month day-of-week year)`, `rate(N minutes|hours|days)` and `at(yyyy-mm-ddThh:mm:ss)`. The six-field AWS cron form is
 * translated to croner's seven-field Quartz form (seconds first, weekdays 1 = Sunday), never parsed by hand; croner
 * evaluates it in the schedule's time zone (IANA), daylight-saving transitions included. What each capability allows
 * (the shortest interval, the error it answers) is its own.
 */
import { Cron } from "croner";

export type AwsSchedule =
  | { kind: "cron"; cron: Cron; expression: string }
  | { kind: "rate"; everyMs: number; expression: string }
  | { kind: "at"; at: number; expression: string };

export interface ScheduleRules {
  /** The zone a cron() and an at() are read in; UTC when not given. */
  timezone?: string | undefined;
  /** The shortest time between two runs, and how to say so. */
  minimumIntervalMs: number;
  minimumWhy: string;
  /** The capability's error for an expression it does not take, given why. */
  invalid(why: string): Error;
}

const units: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    // A name (Europe/Berlin, UTC, EST5EDT), never an offset such as +05:00, which newer runtimes also accept.
    return /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone);
  } catch {
    return false;
  }
}

/** Each AWS cron field's largest value: AWS's `start/step` (0/15) is croner's `start-max/step`. */
const fieldMaximum = [59, 23, 31, 12, 7, 2199];

const withRanges = (field: string, max: number) =>
  field
    .split(",")
    .map((part) => part.replace(/^(\d+)\/(\d+)$/, `$1-${max}/$2`))
    .join(",");

function parseCron(body: string, rules: ScheduleRules): AwsSchedule {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) throw rules.invalid("cron() takes six fields: minutes hours day-of-month month day-of-week year");
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields.map((field, i) => withRanges(field, fieldMaximum[i] ?? 0)) as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (dayOfMonth !== "?" && dayOfWeek !== "?") throw rules.invalid("one of day-of-month and day-of-week must be ?");
  let cron: Cron;
  try {
    cron = new Cron(
      `0 ${minutes} ${hours} ${dayOfMonth === "?" ? "*" : dayOfMonth} ${month} ${dayOfWeek === "?" ? "*" : dayOfWeek} ${year}`,
      {
        timezone: rules.timezone ?? "UTC",
        mode: "7-part",
        alternativeWeekdays: true,
        // With ? on one side, the other decides alone.
        domAndDow: true,
        paused: true,
      },
    );
  } catch (error) {
    throw rules.invalid(error instanceof Error ? error.message : "it does not parse");
  }
  const runs = cron.nextRuns(3, new Date());
  for (let i = 1; i < runs.length; i++) {
    const gap = (runs[i]?.getTime() ?? 0) - (runs[i - 1]?.getTime() ?? 0);
    if (gap < rules.minimumIntervalMs) throw rules.invalid(rules.minimumWhy);
  }
  return { kind: "cron", cron, expression: `cron(${body})` };
}

/** How far a zone's clocks are ahead of UTC at an instant, in ms (negative west of Greenwich). */
export function zoneOffsetMs(at: number, zone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) - Math.floor(at / 1000) * 1000;
}

/** The epoch ms of a wall-clock time in a zone (the first of two, when a clock goes back). */
function zonedTime(wall: string, zone: string): number {
  const asUtc = Date.parse(`${wall}Z`);
  // The zone's offset, applied twice: once to guess, once to settle across a transition.
  const guess = asUtc - zoneOffsetMs(asUtc, zone);
  return asUtc - zoneOffsetMs(guess, zone);
}

export function parseAwsSchedule(expression: string, rules: ScheduleRules): AwsSchedule {
  const match = /^(cron|rate|at)\((.*)\)$/.exec(expression.trim());
  if (!match) throw rules.invalid("use cron(...), rate(...) or at(...)");
  const [, kind, body = ""] = match;
  if (kind === "cron") return { ...parseCron(body, rules), expression };
  if (kind === "rate") {
    const rate = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body.trim());
    if (!rate) throw rules.invalid("rate() takes a number and minutes, hours or days");
    const count = Number(rate[1]);
    const unit = (rate[2] ?? "").replace(/s$/, "");
    if (count < 1 || (count === 1) !== !(rate[2] ?? "").endsWith("s"))
      throw rules.invalid("write rate(1 unit) in the singular and larger rates in the plural");
    const everyMs = count * (units[unit] ?? 0);
    if (everyMs < rules.minimumIntervalMs) throw rules.invalid(rules.minimumWhy);
    return { kind: "rate", everyMs, expression };
  }
  const at = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body.trim());
  const when = at ? zonedTime(body.trim(), rules.timezone ?? "UTC") : Number.NaN;
  if (Number.isNaN(when)) throw rules.invalid(`at() takes a ${rules.timezone ? "" : "UTC "}time such as at(2026-12-24T18:00:00)`);
  return { kind: "at", at: when, expression };
}

/** The first run strictly after `after` (epoch ms), or undefined when the schedule is over. `from` anchors rates. */
export function nextAwsRun(schedule: AwsSchedule, after: number, from: number): number | undefined {
  if (schedule.kind === "at") return schedule.at > after ? schedule.at : undefined;
  if (schedule.kind === "rate") {
    const periods = Math.floor((after - from) / schedule.everyMs) + 1;
    return from + Math.max(1, periods) * schedule.everyMs;
  }
  return schedule.cron.nextRun(new Date(after))?.getTime();
}
