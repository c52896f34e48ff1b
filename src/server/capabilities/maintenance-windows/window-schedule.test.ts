/** When maintenance windows open, on a driven clock: time zones across daylight-saving changes, offsets, date ranges. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nextWindowRun, type WindowTiming, windowSchedule } from "./window-schedule.ts";

const at = (iso: string) => Date.parse(iso);
/** Every opening from `after` on, up to `count`. */
function openings(timing: WindowTiming, after: string, count: number, anchor = at(after)): string[] {
  const out: string[] = [];
  let now = at(after);
  for (let i = 0; i < count; i++) {
    const next = nextWindowRun(timing, now, anchor);
    if (next === undefined) break;
    out.push(new Date(next).toISOString());
    now = next;
  }
  return out;
}

describe("maintenance window schedules", () => {
  it("reads cron in the window's time zone, at the same wall-clock time across daylight-saving changes", () => {
    // Sundays 02:30 in Berlin: CET is UTC+1 until 2027-03-28, CEST UTC+2 after it.
    const timing = { Schedule: "cron(30 2 ? * SUN *)", ScheduleTimezone: "Europe/Berlin" };
    assert.deepEqual(openings(timing, "2027-03-14T00:00:00Z", 3), [
      "2027-03-14T01:30:00.000Z",
      "2027-03-21T01:30:00.000Z",
      // 02:30 does not exist on 2027-03-28 in Berlin (clocks jump from 02:00 to 03:00): croner runs it at 03:30 local.
      openings(timing, "2027-03-21T02:00:00Z", 1)[0] ?? "",
    ]);
    assert.deepEqual(openings(timing, "2027-04-01T00:00:00Z", 1), ["2027-04-04T00:30:00.000Z"], "CEST: 02:30 is 00:30 UTC");
    // New York's Tuesdays 16:00: UTC−4 in summer, UTC−5 after 2026-11-01.
    const ny = { Schedule: "cron(0 16 ? * TUE *)", ScheduleTimezone: "America/New_York" };
    assert.deepEqual(openings(ny, "2026-10-26T00:00:00Z", 2), ["2026-10-27T20:00:00.000Z", "2026-11-03T21:00:00.000Z"]);
  });

  it("takes AWS's start/step (0/6: from 0, every 6) as well as */step", () => {
    assert.deepEqual(openings({ Schedule: "cron(0 0/6 ? * * *)" }, "2026-12-01T01:00:00Z", 3), [
      "2026-12-01T06:00:00.000Z",
      "2026-12-01T12:00:00.000Z",
      "2026-12-01T18:00:00.000Z",
    ]);
    assert.deepEqual(openings({ Schedule: "cron(15 */12 ? * * *)" }, "2026-12-01T01:00:00Z", 2), [
      "2026-12-01T12:15:00.000Z",
      "2026-12-02T00:15:00.000Z",
    ]);
  });

  it("reads cron in UTC when no zone is given", () => {
    assert.deepEqual(openings({ Schedule: "cron(0 2 ? * * *)" }, "2026-12-01T03:00:00Z", 2), [
      "2026-12-02T02:00:00.000Z",
      "2026-12-03T02:00:00.000Z",
    ]);
  });

  it("moves cron openings by ScheduleOffset days, counting only cron times after the schedule was set", () => {
    // The third Tuesday of December 2026 is the 15th; two days later is Thursday the 17th, 23:30.
    const timing = { Schedule: "cron(30 23 ? * TUE#3 *)", ScheduleOffset: 2 };
    assert.deepEqual(openings(timing, "2026-12-01T00:00:00Z", 2), ["2026-12-17T23:30:00.000Z", "2027-01-21T23:30:00.000Z"]);
    // Set on the 16th: the 15th's cron time had passed, so its offset opening (the 17th) does not happen (SSM's rule).
    assert.deepEqual(openings(timing, "2026-12-16T00:00:00Z", 1), ["2027-01-21T23:30:00.000Z"]);
    // Set earlier, and asked on the 16th: the 17th's opening is still ahead.
    assert.equal(nextWindowRun(timing, at("2026-12-16T00:00:00Z"), at("2026-12-01T00:00:00Z")), at("2026-12-17T23:30:00Z"));
  });

  it("opens only between StartDate and EndDate, which are instants whatever the zone", () => {
    const timing = {
      Schedule: "cron(0 9 ? * WED *)",
      ScheduleTimezone: "America/Los_Angeles",
      StartDate: "2027-01-01T00:00:00-08:00",
      EndDate: "2027-01-20T00:00:00-08:00",
    };
    // The first Wednesday after Friday 2027-01-01 is the 6th, 09:00 Pacific (17:00 UTC); the 20th's is past the end.
    assert.deepEqual(openings(timing, "2026-12-01T00:00:00Z", 5), ["2027-01-06T17:00:00.000Z", "2027-01-13T17:00:00.000Z"]);
  });

  it("counts rates from the start date, or from when the schedule was set, and runs at() once in its zone", () => {
    const set = "2026-12-01T10:00:00Z";
    assert.deepEqual(openings({ Schedule: "rate(7 days)" }, set, 2), ["2026-12-08T10:00:00.000Z", "2026-12-15T10:00:00.000Z"]);
    assert.deepEqual(openings({ Schedule: "rate(2 hours)", StartDate: "2026-12-05T00:00:00Z" }, set, 2), [
      "2026-12-05T02:00:00.000Z",
      "2026-12-05T04:00:00.000Z",
    ]);
    assert.deepEqual(openings({ Schedule: "at(2026-12-24T18:00:00)", ScheduleTimezone: "Asia/Tokyo" }, set, 3), [
      "2026-12-24T09:00:00.000Z",
    ]);
    assert.deepEqual(openings({ Schedule: "at(2026-12-24T18:00:00)" }, set, 3), ["2026-12-24T18:00:00.000Z"]);
  });

  it("refuses what SSM refuses, saying why", () => {
    const refused: [WindowTiming, RegExp][] = [
      [{ Schedule: "every day" }, /use cron\(\.\.\.\), rate\(\.\.\.\) or at\(\.\.\.\)/],
      [{ Schedule: "cron(0 2 * * *)" }, /six fields/],
      [{ Schedule: "cron(0 2 1 * MON *)" }, /one of day-of-month and day-of-week must be \?/],
      [{ Schedule: "rate(30 minutes)" }, /at most once an hour/],
      [{ Schedule: "cron(0/15 * ? * * *)" }, /at most once an hour/],
      [{ Schedule: "rate(1 days)" }, /singular/],
      [{ Schedule: "at(2026-12-24 18:00)" }, /at\(\) takes a UTC time/],
      [{ Schedule: "cron(0 2 ? * * *)", ScheduleTimezone: "Mars/Olympus_Mons" }, /ScheduleTimezone Mars\/Olympus_Mons/],
      [{ Schedule: "cron(0 2 ? * * *)", ScheduleTimezone: "+05:00" }, /IANA/],
      [{ Schedule: "rate(1 day)", ScheduleOffset: 2 }, /ScheduleOffset can only be used with a cron expression/],
      [{ Schedule: "rate(1 day)", StartDate: "tomorrow" }, /StartDate must be an ISO-8601/],
      [{ Schedule: "rate(1 day)", StartDate: "2027-01-02T00:00:00Z", EndDate: "2027-01-01T00:00:00Z" }, /EndDate must be later/],
    ];
    for (const [timing, why] of refused)
      assert.throws(
        () => windowSchedule(timing),
        (error: Error) => error.name === "ValidationException" && why.test(error.message),
        JSON.stringify(timing),
      );
    assert.equal(windowSchedule({ Schedule: "rate(60 minutes)", ScheduleTimezone: "Etc/UTC" }).kind, "rate");
  });
});
