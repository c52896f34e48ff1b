import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nextRunOf } from "./association-runner.ts";
import { nextRun, parseSchedule } from "./schedule.ts";

const at = (iso: string) => Date.parse(iso);

describe("association schedules", () => {
  it("translates AWS's six-field cron (UTC, 1 = Sunday, ? for the unused day field)", () => {
    const daily = parseSchedule("cron(0 2 ? * * *)");
    assert.equal(nextRun(daily, at("2026-11-22T10:00:00Z"), 0), at("2026-11-23T02:00:00Z"));
    const sundays = parseSchedule("cron(30 4 ? * 1 *)");
    assert.equal(nextRun(sundays, at("2026-11-22T10:00:00Z"), 0), at("2026-11-29T04:30:00Z"), "2026-11-29 is a Sunday");
    const monthly = parseSchedule("cron(0 0 15 * ? *)");
    assert.equal(nextRun(monthly, at("2026-11-22T10:00:00Z"), 0), at("2026-12-15T00:00:00Z"));
    const named = parseSchedule("cron(0 9 ? * MON-FRI *)");
    assert.equal(nextRun(named, at("2026-11-22T10:00:00Z"), 0), at("2026-11-23T09:00:00Z"));
    const halfHourly = parseSchedule("cron(0/30 * ? * * *)");
    assert.equal(nextRun(halfHourly, at("2026-11-22T10:05:00Z"), 0), at("2026-11-22T10:30:00Z"), "AWS's start/step form");
    const lastYear = parseSchedule("cron(0 0 1 1 ? 2027)");
    assert.equal(nextRun(lastYear, at("2027-06-01T00:00:00Z"), 0), undefined);
  });

  it("moves a cron schedule's runs by ScheduleOffset days: the Sunday after the second Thursday", () => {
    const spec = { Name: "AWS-RunShellScript", Targets: [], ScheduleExpression: "cron(0 3 ? * THU#2 *)" };
    // December 2026's second Thursday is the 10th; three days later is Sunday the 13th.
    assert.equal(nextRunOf(spec, at("2026-12-01T00:00:00Z"), 0), at("2026-12-10T03:00:00Z"));
    assert.equal(nextRunOf({ ...spec, ScheduleOffset: 3 }, at("2026-12-01T00:00:00Z"), 0), at("2026-12-13T03:00:00Z"));
    // After the 10th but before the 13th, the offset run of December is still to come.
    assert.equal(nextRunOf({ ...spec, ScheduleOffset: 3 }, at("2026-12-11T00:00:00Z"), 0), at("2026-12-13T03:00:00Z"));
  });

  it("runs rates from their start, and at() once", () => {
    const rate = parseSchedule("rate(30 minutes)");
    const start = at("2026-11-22T10:00:00Z");
    assert.equal(nextRun(rate, start, start), start + 30 * 60_000);
    assert.equal(nextRun(rate, start + 31 * 60_000, start), start + 60 * 60_000);
    assert.equal(nextRun(parseSchedule("rate(1 day)"), start, start), start + 86_400_000);
    const once = parseSchedule("at(2026-12-24T18:00:00)");
    assert.equal(nextRun(once, start, start), at("2026-12-24T18:00:00Z"));
    assert.equal(nextRun(once, at("2026-12-25T00:00:00Z"), start), undefined);
  });

  it("refuses what SSM refuses", () => {
    for (const bad of [
      "cron(0 2 * * * *)",
      "cron(0 2 ? * *)",
      "cron(*/5 * ? * * *)",
      "cron(0 25 ? * * *)",
      "rate(5 minutes)",
      "rate(1 hours)",
      "rate(2 hour)",
      "rate(0 days)",
      "rate(2 weeks)",
      "at(2026-12-24 18:00)",
      "every day",
    ]) {
      assert.throws(() => parseSchedule(bad), { name: "InvalidSchedule" }, bad);
    }
  });
});
