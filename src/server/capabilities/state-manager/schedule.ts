/**
 * @module Association schedules as SSM writes them: `cron(min hour day-of-month month day-of-week year)` in UTC,
 * `rate(N minutes|hours|days)` and `at(yyyy-mm-ddThh:mm:ss)`. The six-field AWS cron form is translated to croner's
 * seven-field Quartz form (seconds first, weekdays 1 = Sunday), never parsed by hand. SSM runs associations at most
 * every 30 minutes.
 */
import { Cron } from "croner";
import { InvalidSchedule } from "../../../protocol/errors/errors.ts";

export type Schedule =
  | { kind: "cron"; cron: Cron; expression: string }
  | { kind: "rate"; everyMs: number; expression: string }
  | { kind: "at"; at: number; expression: string };

const minimumIntervalMs = 30 * 60_000;
const units: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

const invalid = (expression: string, why: string) => new InvalidSchedule(`The schedule expression ${expression} isn't valid: ${why}.`);

function parseCron(expression: string, body: string): Schedule {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) throw invalid(expression, "cron() takes six fields: minutes hours day-of-month month day-of-week year");
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [string, string, string, string, string, string];
  if (dayOfMonth !== "?" && dayOfWeek !== "?") throw invalid(expression, "one of day-of-month and day-of-week must be ?");
  let cron: Cron;
  try {
    cron = new Cron(
      `0 ${minutes} ${hours} ${dayOfMonth === "?" ? "*" : dayOfMonth} ${month} ${dayOfWeek === "?" ? "*" : dayOfWeek} ${year}`,
      {
        timezone: "UTC",
        mode: "7-part",
        alternativeWeekdays: true,
        // With ? on one side, the other decides alone.
        domAndDow: true,
        paused: true,
      },
    );
  } catch (error) {
    throw invalid(expression, error instanceof Error ? error.message : "it does not parse");
  }
  const runs = cron.nextRuns(3, new Date());
  for (let i = 1; i < runs.length; i++) {
    const gap = (runs[i]?.getTime() ?? 0) - (runs[i - 1]?.getTime() ?? 0);
    if (gap < minimumIntervalMs) throw invalid(expression, "associations run at most every 30 minutes");
  }
  return { kind: "cron", cron, expression };
}

export function parseSchedule(expression: string): Schedule {
  const match = /^(cron|rate|at)\((.*)\)$/.exec(expression.trim());
  if (!match) throw invalid(expression, "use cron(...), rate(...) or at(...)");
  const [, kind, body = ""] = match;
  if (kind === "cron") return parseCron(expression, body);
  if (kind === "rate") {
    const rate = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body.trim());
    if (!rate) throw invalid(expression, "rate() takes a number and minutes, hours or days");
    const count = Number(rate[1]);
    const unit = (rate[2] ?? "").replace(/s$/, "");
    if (count < 1 || (count === 1) !== !(rate[2] ?? "").endsWith("s"))
      throw invalid(expression, "write rate(1 unit) in the singular and larger rates in the plural");
    const everyMs = count * (units[unit] ?? 0);
    if (everyMs < minimumIntervalMs) throw invalid(expression, "associations run at most every 30 minutes");
    return { kind: "rate", everyMs, expression };
  }
  const at = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body.trim());
  const when = at ? Date.parse(`${body.trim()}Z`) : Number.NaN;
  if (Number.isNaN(when)) throw invalid(expression, "at() takes a UTC time such as at(2026-12-24T18:00:00)");
  return { kind: "at", at: when, expression };
}

/** The first run strictly after `after` (epoch ms), or undefined when the schedule is over. `from` anchors rates. */
export function nextRun(schedule: Schedule, after: number, from: number): number | undefined {
  if (schedule.kind === "at") return schedule.at > after ? schedule.at : undefined;
  if (schedule.kind === "rate") {
    const periods = Math.floor((after - from) / schedule.everyMs) + 1;
    return from + Math.max(1, periods) * schedule.everyMs;
  }
  return schedule.cron.nextRun(new Date(after))?.getTime();
}
