/**
 * @module Association schedules: SSM's cron(), rate() and at() (core/scheduler/aws-schedule.ts) in UTC, and never more
 * often than every 30 minutes, as SSM runs associations.
 */
import { InvalidSchedule } from "../../../protocol/errors/errors.ts";
import { type AwsSchedule, nextAwsRun, parseAwsSchedule } from "../../core/scheduler/aws-schedule.ts";

export type Schedule = AwsSchedule;

const minimumIntervalMs = 30 * 60_000;

export function parseSchedule(expression: string): Schedule {
  return parseAwsSchedule(expression, {
    minimumIntervalMs,
    minimumWhy: "associations run at most every 30 minutes",
    invalid: (why) => new InvalidSchedule(`The schedule expression ${expression} isn't valid: ${why}.`),
  });
}

/** The first run strictly after `after` (epoch ms), or undefined when the schedule is over. `from` anchors rates. */
export const nextRun = nextAwsRun;
