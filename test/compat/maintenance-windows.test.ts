/**
 * Maintenance windows through the SDK and the real AWS CLI, on the test engine: created (idempotently with a
 * ClientToken), read with when they open next in their own time zone, updated member by member or replaced, disabled,
 * tagged, listed with filters and pages, deleted; the quota; and SSM's errors for bad input, the table unchanged.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  AddTagsToResourceCommand,
  CreateMaintenanceWindowCommand,
  type CreateMaintenanceWindowCommandInput,
  DeleteMaintenanceWindowCommand,
  DeregisterTargetFromMaintenanceWindowCommand,
  DeregisterTaskFromMaintenanceWindowCommand,
  DescribeMaintenanceWindowsCommand,
  DescribeMaintenanceWindowTargetsCommand,
  DescribeMaintenanceWindowTasksCommand,
  GetMaintenanceWindowCommand,
  GetMaintenanceWindowTaskCommand,
  ListTagsForResourceCommand,
  RegisterTargetWithMaintenanceWindowCommand,
  RegisterTaskWithMaintenanceWindowCommand,
  type SSMClient,
  UpdateMaintenanceWindowCommand,
  UpdateMaintenanceWindowTargetCommand,
  UpdateMaintenanceWindowTaskCommand,
} from "@aws-sdk/client-ssm";
import { sql } from "kysely";
import { awsCliMissing, awsSsm } from "../kit/aws-cli.ts";
import { outcome } from "../kit/outcome.ts";
import { tablesSnapshot } from "../kit/table-snapshot.ts";
import { startTestServer, type TestServer, testEngine } from "../kit/test-server.ts";

let t: TestServer;
let ssm: SSMClient;

before(async () => {
  t = await startTestServer();
  ssm = t.ssm();
});

after(async () => {
  ssm?.destroy();
  await t?.close();
});

const sundays: CreateMaintenanceWindowCommandInput = {
  Name: "prod-sunday",
  Schedule: "cron(0 2 ? * SUN *)",
  ScheduleTimezone: "Europe/Berlin",
  Duration: 2,
  Cutoff: 1,
  AllowUnassociatedTargets: false,
};

const create = async (input: Partial<CreateMaintenanceWindowCommandInput> = {}) =>
  (await ssm.send(new CreateMaintenanceWindowCommand({ ...sundays, ...input }))).WindowId ?? "";

/** Every row windows and tags own, as text: compared before and after bad calls. */
const snapshot = () =>
  tablesSnapshot(t, ["maintenance_windows", "maintenance_window_targets", "maintenance_window_tasks", "resource_tags"]);

async function sqlCount(table: string): Promise<number> {
  const rows = await sql`select count(*) as n from ${sql.table(table)}`.execute(t.server.services.database.db);
  return Number((rows.rows[0] as { n: number | string }).n);
}

/** Sunday 02:00 in Berlin, as SSM writes NextExecutionTime there: the minute and the zone's offset that day. */
const nextBerlinSunday = /^\d{4}-\d{2}-\d{2}T02:00\+0[12]:00$/;

describe("maintenance windows", () => {
  it("creates a window and reads it back, with when it opens next in its own zone", async () => {
    const id = await create({ Description: "Patch prod", Tags: [{ Key: "env", Value: "prod" }] });
    assert.match(id, /^mw-[0-9a-f]{17}$/);
    const got = await ssm.send(new GetMaintenanceWindowCommand({ WindowId: id }));
    assert.equal(got.Name, "prod-sunday");
    assert.equal(got.Description, "Patch prod");
    assert.equal(got.Schedule, "cron(0 2 ? * SUN *)");
    assert.equal(got.ScheduleTimezone, "Europe/Berlin");
    assert.deepEqual([got.Duration, got.Cutoff, got.AllowUnassociatedTargets, got.Enabled], [2, 1, false, true]);
    assert.match(got.NextExecutionTime ?? "", nextBerlinSunday);
    const next = Date.parse((got.NextExecutionTime ?? "").replace(/(\+\d{2}:\d{2})$/, ":00$1"));
    assert.equal(new Date(next).getUTCDay() === 0 || new Date(next).getUTCDay() === 6, true, "a Sunday in Berlin");
    assert.ok(next > Date.now() && next <= Date.now() + 7 * 86_400_000, "within the coming week");
    assert.ok(got.CreatedDate instanceof Date && got.ModifiedDate instanceof Date);
    const tags = await ssm.send(new ListTagsForResourceCommand({ ResourceType: "MaintenanceWindow", ResourceId: id }));
    assert.deepEqual(tags.TagList, [{ Key: "env", Value: "prod" }]);
  });

  it("answers a repeated ClientToken with the same window, and a different request under it with an error", async () => {
    const first = await create({ Name: "tokened", ClientToken: "token-1" });
    assert.equal(await create({ Name: "tokened", ClientToken: "token-1" }), first);
    assert.equal(await outcome(create({ Name: "tokened", Duration: 3, ClientToken: "token-1" })), "IdempotentParameterMismatch");
  });

  it("updates members one by one, replaces the whole window, and disables it", async () => {
    const id = await create({ Name: "to-change", Description: "before", ScheduleOffset: 2, Schedule: "cron(0 3 ? * TUE#2 *)" });
    const updated = await ssm.send(new UpdateMaintenanceWindowCommand({ WindowId: id, Duration: 4 }));
    assert.deepEqual([updated.Duration, updated.Cutoff, updated.Description, updated.ScheduleOffset], [4, 1, "before", 2]);
    assert.equal(await outcome(ssm.send(new UpdateMaintenanceWindowCommand({ WindowId: id, Cutoff: 4 }))), "ValidationException");
    assert.equal(
      await outcome(ssm.send(new UpdateMaintenanceWindowCommand({ WindowId: id, Replace: true, Name: "replaced" }))),
      "ValidationException",
      "Replace needs every member CreateMaintenanceWindow requires",
    );
    const replaced = await ssm.send(
      new UpdateMaintenanceWindowCommand({
        WindowId: id,
        Replace: true,
        Name: "replaced",
        Schedule: "rate(1 day)",
        Duration: 3,
        Cutoff: 0,
        AllowUnassociatedTargets: true,
      }),
    );
    assert.equal(replaced.Name, "replaced");
    assert.equal(replaced.Description, undefined, "Replace clears what it is not given");
    assert.equal(replaced.ScheduleTimezone, undefined);
    assert.equal(replaced.ScheduleOffset, undefined);
    const disabled = await ssm.send(new UpdateMaintenanceWindowCommand({ WindowId: id, Enabled: false }));
    assert.equal(disabled.Enabled, false);
    const got = await ssm.send(new GetMaintenanceWindowCommand({ WindowId: id }));
    assert.equal(got.NextExecutionTime, undefined, "a disabled window does not open");
    assert.ok((got.ModifiedDate?.getTime() ?? 0) >= (got.CreatedDate?.getTime() ?? 0));
  });

  it("lists windows by Name and Enabled, a page at a time", async () => {
    for (let i = 0; i < 12; i++) await create({ Name: `paged-${String(i).padStart(2, "0")}` });
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await ssm.send(new DescribeMaintenanceWindowsCommand({ MaxResults: 10, NextToken: token }));
      names.push(...(page.WindowIdentities ?? []).map((w) => w.Name ?? ""));
      token = page.NextToken;
    } while (token);
    assert.equal(names.filter((n) => n.startsWith("paged-")).length, 12);
    const named = await ssm.send(new DescribeMaintenanceWindowsCommand({ Filters: [{ Key: "Name", Values: ["paged-03", "paged-07"] }] }));
    assert.deepEqual((named.WindowIdentities ?? []).map((w) => w.Name).sort(), ["paged-03", "paged-07"]);
    assert.match(named.WindowIdentities?.[0]?.NextExecutionTime ?? "", nextBerlinSunday);
    const off = await ssm.send(new DescribeMaintenanceWindowsCommand({ Filters: [{ Key: "Enabled", Values: ["false"] }] }));
    assert.deepEqual(
      (off.WindowIdentities ?? []).map((w) => w.Name),
      ["replaced"],
    );
  });

  it("deletes a window with its tags; deleting it again answers its id", async () => {
    const id = await create({ Name: "to-delete", Tags: [{ Key: "k", Value: "v" }] });
    assert.equal((await ssm.send(new DeleteMaintenanceWindowCommand({ WindowId: id }))).WindowId, id);
    assert.equal(await outcome(ssm.send(new GetMaintenanceWindowCommand({ WindowId: id }))), "DoesNotExistException");
    assert.equal((await ssm.send(new DeleteMaintenanceWindowCommand({ WindowId: id }))).WindowId, id);
    assert.equal(
      await outcome(ssm.send(new ListTagsForResourceCommand({ ResourceType: "MaintenanceWindow", ResourceId: id }))),
      "InvalidResourceId",
    );
  });

  it("answers bad input with SSM's errors and changes nothing", async () => {
    const id = await create({ Name: "bad-input" });
    const before = await snapshot();
    const cases: [string, () => Promise<unknown>, string][] = [
      ["a name outside the pattern", () => create({ Name: "no spaces" }), "ValidationException"],
      ["a schedule that is not one", () => create({ Schedule: "every sunday" }), "ValidationException"],
      ["a five-field cron", () => create({ Schedule: "cron(0 2 * * 0)" }), "ValidationException"],
      ["a window more often than hourly", () => create({ Schedule: "rate(30 minutes)" }), "ValidationException"],
      ["an unknown time zone", () => create({ ScheduleTimezone: "Mars/Olympus_Mons" }), "ValidationException"],
      ["an offset on a rate", () => create({ Schedule: "rate(7 days)", ScheduleOffset: 1 }), "ValidationException"],
      ["an offset past six days", () => create({ ScheduleOffset: 7 }), "ValidationException"],
      ["a cutoff as long as the window", () => create({ Cutoff: 2 }), "ValidationException"],
      ["a duration past a day", () => create({ Duration: 25 }), "ValidationException"],
      ["a start date that is not a date", () => create({ StartDate: "next monday" }), "ValidationException"],
      [
        "an end before the start",
        () => create({ StartDate: "2027-02-01T00:00:00Z", EndDate: "2027-01-01T00:00:00Z" }),
        "ValidationException",
      ],
      [
        "a window id outside the pattern",
        () => ssm.send(new GetMaintenanceWindowCommand({ WindowId: "mw-nothex" })),
        "ValidationException",
      ],
      [
        "a window that does not exist",
        () => ssm.send(new GetMaintenanceWindowCommand({ WindowId: "mw-00000000000000000" })),
        "DoesNotExistException",
      ],
      [
        "an update of a window that does not exist",
        () => ssm.send(new UpdateMaintenanceWindowCommand({ WindowId: "mw-00000000000000000", Duration: 3 })),
        "DoesNotExistException",
      ],
      [
        "an update to a bad schedule",
        () => ssm.send(new UpdateMaintenanceWindowCommand({ WindowId: id, Schedule: "cron(x)" })),
        "ValidationException",
      ],
      [
        "an unknown filter",
        () => ssm.send(new DescribeMaintenanceWindowsCommand({ Filters: [{ Key: "Owner", Values: ["me"] }] })),
        "ValidationException",
      ],
      ["a page smaller than SSM's", () => ssm.send(new DescribeMaintenanceWindowsCommand({ MaxResults: 5 })), "ValidationException"],
      ["a forged page token", () => ssm.send(new DescribeMaintenanceWindowsCommand({ NextToken: "forged" })), "InvalidNextToken"],
      [
        "51 tags",
        () => create({ Name: "many-tags", Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" })) }),
        "ValidationException",
      ],
    ];
    for (const [what, call, error] of cases) assert.equal(await outcome(call()), error, what);
    assert.equal(await snapshot(), before);
  });

  it("registers targets by id, tag and tag key, changes, lists and deregisters them, and forgets them with the window", async () => {
    const id = await create({ Name: "with-targets" });
    const register = (input: Partial<ConstructorParameters<typeof RegisterTargetWithMaintenanceWindowCommand>[0]> = {}) =>
      ssm.send(
        new RegisterTargetWithMaintenanceWindowCommand({
          WindowId: id,
          ResourceType: "INSTANCE",
          Targets: [{ Key: "tag:env", Values: ["prod"] }],
          ...input,
        }),
      );
    const web = (await register({ Name: "web", OwnerInformation: "team-web", ClientToken: "t-1" })).WindowTargetId ?? "";
    assert.match(web, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal((await register({ Name: "web", OwnerInformation: "team-web", ClientToken: "t-1" })).WindowTargetId, web);
    assert.equal(await outcome(register({ Name: "other", ClientToken: "t-1" })), "IdempotentParameterMismatch");
    const byId = (await register({ Targets: [{ Key: "InstanceIds", Values: ["mi-0123456789abcdef0"] }] })).WindowTargetId ?? "";
    await register({ Targets: [{ Key: "tag-key", Values: ["PatchGroup"] }], OwnerInformation: "team-db" });
    const all = await ssm.send(new DescribeMaintenanceWindowTargetsCommand({ WindowId: id }));
    assert.equal(all.Targets?.length, 3);
    const webTarget = all.Targets?.find((x) => x.WindowTargetId === web);
    assert.deepEqual(webTarget, {
      WindowId: id,
      WindowTargetId: web,
      ResourceType: "INSTANCE",
      Targets: [{ Key: "tag:env", Values: ["prod"] }],
      Name: "web",
      OwnerInformation: "team-web",
    });
    const owned = await ssm.send(
      new DescribeMaintenanceWindowTargetsCommand({ WindowId: id, Filters: [{ Key: "OwnerInformation", Values: ["team-db"] }] }),
    );
    assert.deepEqual(
      owned.Targets?.map((x) => x.Targets?.[0]?.Key),
      ["tag-key"],
    );
    const updated = await ssm.send(
      new UpdateMaintenanceWindowTargetCommand({
        WindowId: id,
        WindowTargetId: web,
        Targets: [{ Key: "tag:env", Values: ["prod", "stage"] }],
      }),
    );
    assert.deepEqual([updated.Name, updated.OwnerInformation, updated.Targets?.[0]?.Values], ["web", "team-web", ["prod", "stage"]]);
    const replaced = await ssm.send(
      new UpdateMaintenanceWindowTargetCommand({
        WindowId: id,
        WindowTargetId: web,
        Replace: true,
        Targets: [{ Key: "tag:env", Values: ["dev"] }],
      }),
    );
    assert.equal(replaced.Name, undefined, "Replace clears what it is not given");
    const gone = await ssm.send(new DeregisterTargetFromMaintenanceWindowCommand({ WindowId: id, WindowTargetId: byId, Safe: true }));
    assert.deepEqual([gone.WindowId, gone.WindowTargetId], [id, byId]);
    assert.equal(
      await outcome(ssm.send(new DeregisterTargetFromMaintenanceWindowCommand({ WindowId: id, WindowTargetId: byId }))),
      "DoesNotExistException",
    );
    await ssm.send(new DeleteMaintenanceWindowCommand({ WindowId: id }));
    const left = await sqlCount("maintenance_window_targets");
    assert.equal(left, 0, "a deleted window's targets go with it");
  });

  it("answers bad target input with SSM's errors and changes nothing", async () => {
    const id = await create({ Name: "bad-targets" });
    const target = (
      await ssm.send(
        new RegisterTargetWithMaintenanceWindowCommand({
          WindowId: id,
          ResourceType: "INSTANCE",
          Targets: [{ Key: "tag:a", Values: ["b"] }],
        }),
      )
    ).WindowTargetId;
    const before = await snapshot();
    const register = (input: Record<string, unknown>) =>
      ssm.send(new RegisterTargetWithMaintenanceWindowCommand({ WindowId: id, ResourceType: "INSTANCE", Targets: [], ...input }));
    const cases: [string, () => Promise<unknown>, string][] = [
      ["no targets", () => register({}), "ValidationException"],
      [
        "a resource group",
        () => register({ ResourceType: "RESOURCE_GROUP", Targets: [{ Key: "resource-groups:Name", Values: ["g"] }] }),
        "ValidationException",
      ],
      ["a key Bosun cannot resolve", () => register({ Targets: [{ Key: "ParameterValues", Values: ["x"] }] }), "ValidationException"],
      ["a node id that is not one", () => register({ Targets: [{ Key: "InstanceIds", Values: ["web-1"] }] }), "ValidationException"],
      ["a key without values", () => register({ Targets: [{ Key: "tag:env", Values: [] }] }), "ValidationException"],
      [
        "six keys",
        () => register({ Targets: Array.from({ length: 6 }, (_, i) => ({ Key: `tag:k${i}`, Values: ["v"] })) }),
        "ValidationException",
      ],
      [
        "an unknown resource type",
        () => register({ ResourceType: "BUCKET", Targets: [{ Key: "tag:a", Values: ["b"] }] }),
        "ValidationException",
      ],
      [
        "a window that does not exist",
        () => register({ WindowId: "mw-00000000000000000", Targets: [{ Key: "tag:a", Values: ["b"] }] }),
        "DoesNotExistException",
      ],
      [
        "a target id outside the pattern",
        () => ssm.send(new UpdateMaintenanceWindowTargetCommand({ WindowId: id, WindowTargetId: "not-a-uuid" })),
        "ValidationException",
      ],
      [
        "a target that does not exist",
        () =>
          ssm.send(
            new UpdateMaintenanceWindowTargetCommand({
              WindowId: id,
              WindowTargetId: "00000000-0000-4000-8000-000000000000",
              Name: "renamed",
            }),
          ),
        "DoesNotExistException",
      ],
      [
        "Replace without Targets",
        () => ssm.send(new UpdateMaintenanceWindowTargetCommand({ WindowId: id, WindowTargetId: target, Replace: true })),
        "ValidationException",
      ],
      [
        "an unknown filter",
        () => ssm.send(new DescribeMaintenanceWindowTargetsCommand({ WindowId: id, Filters: [{ Key: "Name", Values: ["x"] }] })),
        "ValidationException",
      ],
    ];
    for (const [what, call, error] of cases) assert.equal(await outcome(call()), error, what);
    assert.equal(await snapshot(), before);
  });

  it("registers Run Command tasks on window targets or nodes, reads, changes, lists and deregisters them", async () => {
    const id = await create({ Name: "with-tasks" });
    const target =
      (
        await ssm.send(
          new RegisterTargetWithMaintenanceWindowCommand({
            WindowId: id,
            ResourceType: "INSTANCE",
            Targets: [{ Key: "tag:env", Values: ["prod"] }],
          }),
        )
      ).WindowTargetId ?? "";
    const uptime: ConstructorParameters<typeof RegisterTaskWithMaintenanceWindowCommand>[0] = {
      WindowId: id,
      TaskType: "RUN_COMMAND",
      TaskArn: "AWS-RunShellScript",
      Targets: [{ Key: "WindowTargetIds", Values: [target] }],
      Priority: 0,
      MaxConcurrency: "10%",
      MaxErrors: "1",
      Name: "uptime",
      TaskInvocationParameters: {
        RunCommand: { Parameters: { commands: ["uptime"] }, TimeoutSeconds: 600, Comment: "{{WINDOW_EXECUTION_ID}}" },
      },
      ClientToken: "task-1",
    };
    const patch = (await ssm.send(new RegisterTaskWithMaintenanceWindowCommand(uptime))).WindowTaskId;
    assert.match(patch ?? "", /^[0-9a-f-]{36}$/);
    const again = await ssm.send(new RegisterTaskWithMaintenanceWindowCommand(uptime));
    assert.equal(again.WindowTaskId, patch, "a repeated ClientToken answers the same task");
    const byNode = (
      await ssm.send(
        new RegisterTaskWithMaintenanceWindowCommand({
          WindowId: id,
          TaskType: "RUN_COMMAND",
          TaskArn: "AWS-RunShellScript",
          Targets: [{ Key: "InstanceIds", Values: ["mi-0123456789abcdef0"] }],
          MaxConcurrency: "1",
          MaxErrors: "0",
          TaskInvocationParameters: { RunCommand: { Parameters: { commands: ["reboot"] } } },
          TaskParameters: { commands: { Values: ["reboot"] } },
          LoggingInfo: { S3BucketName: "window-logs", S3KeyPrefix: "reboots", S3Region: "us-east-1" },
        }),
      )
    ).WindowTaskId;
    const got = await ssm.send(new GetMaintenanceWindowTaskCommand({ WindowId: id, WindowTaskId: patch }));
    assert.deepEqual(
      [got.TaskType, got.TaskArn, got.Priority, got.MaxConcurrency, got.MaxErrors, got.CutoffBehavior, got.Name],
      ["RUN_COMMAND", "AWS-RunShellScript", 0, "10%", "1", "CONTINUE_TASK", "uptime"],
    );
    assert.deepEqual(got.TaskInvocationParameters?.RunCommand?.Parameters, { commands: ["uptime"] });
    assert.equal(got.TaskInvocationParameters?.RunCommand?.TimeoutSeconds, 600);
    const listed = await ssm.send(new DescribeMaintenanceWindowTasksCommand({ WindowId: id }));
    assert.deepEqual(
      listed.Tasks?.map((task) => [task.WindowTaskId, task.Type, task.Priority]).sort(),
      [
        [patch, "RUN_COMMAND", 0],
        [byNode, "RUN_COMMAND", 1],
      ].sort(),
      "Priority defaults to 1",
    );
    const logged = await ssm.send(new GetMaintenanceWindowTaskCommand({ WindowId: id, WindowTaskId: byNode }));
    assert.deepEqual(logged.TaskParameters, { commands: { Values: ["reboot"] } });
    assert.deepEqual(logged.LoggingInfo, { S3BucketName: "window-logs", S3KeyPrefix: "reboots", S3Region: "us-east-1" });
    const relogged = await ssm.send(
      new UpdateMaintenanceWindowTaskCommand({
        WindowId: id,
        WindowTaskId: byNode,
        TaskParameters: { commands: { Values: ["shutdown -r now"] } },
        LoggingInfo: { S3BucketName: "window-logs", S3Region: "us-east-1" },
      }),
    );
    assert.deepEqual([relogged.TaskParameters?.commands?.Values, relogged.LoggingInfo?.S3KeyPrefix], [["shutdown -r now"], undefined]);
    const filtered = await ssm.send(
      new DescribeMaintenanceWindowTasksCommand({ WindowId: id, Filters: [{ Key: "WindowTaskId", Values: [byNode ?? ""] }] }),
    );
    assert.equal(filtered.Tasks?.length, 1);
    const updated = await ssm.send(
      new UpdateMaintenanceWindowTaskCommand({ WindowId: id, WindowTaskId: patch, Priority: 5, CutoffBehavior: "CANCEL_TASK" }),
    );
    assert.deepEqual([updated.Priority, updated.CutoffBehavior, updated.Name, updated.MaxConcurrency], [5, "CANCEL_TASK", "uptime", "10%"]);
    const replaced = await ssm.send(
      new UpdateMaintenanceWindowTaskCommand({
        WindowId: id,
        WindowTaskId: patch,
        Replace: true,
        TaskArn: "AWS-RunShellScript",
        Targets: [{ Key: "WindowTargetIds", Values: [target] }],
        MaxConcurrency: "2",
        MaxErrors: "2",
      }),
    );
    assert.deepEqual(
      [replaced.Priority, replaced.CutoffBehavior, replaced.Name],
      [1, "CONTINUE_TASK", undefined],
      "Replace returns to the defaults",
    );
    assert.equal(
      await outcome(ssm.send(new DeregisterTargetFromMaintenanceWindowCommand({ WindowId: id, WindowTargetId: target, Safe: true }))),
      "TargetInUseException",
    );
    const gone = await ssm.send(new DeregisterTaskFromMaintenanceWindowCommand({ WindowId: id, WindowTaskId: byNode }));
    assert.equal(gone.WindowTaskId, byNode);
    assert.equal(
      await outcome(ssm.send(new GetMaintenanceWindowTaskCommand({ WindowId: id, WindowTaskId: byNode }))),
      "DoesNotExistException",
    );
    await ssm.send(new DeleteMaintenanceWindowCommand({ WindowId: id }));
    assert.equal(await sqlCount("maintenance_window_tasks"), 0, "a deleted window's tasks go with it");
  });

  it("answers bad task input with SSM's errors and changes nothing", async () => {
    const id = await create({ Name: "bad-tasks" });
    const before = await snapshot();
    const task = (input: Record<string, unknown>) =>
      ssm.send(
        new RegisterTaskWithMaintenanceWindowCommand({
          WindowId: id,
          TaskType: "RUN_COMMAND",
          TaskArn: "AWS-RunShellScript",
          Targets: [{ Key: "tag:env", Values: ["prod"] }],
          MaxConcurrency: "1",
          MaxErrors: "0",
          ...input,
        }),
      );
    const cases: [string, () => Promise<unknown>, string][] = [
      [
        "an Automation task (no Automation yet)",
        () => task({ TaskType: "AUTOMATION", TaskArn: "AWS-RestartEC2Instance" }),
        "FeatureNotAvailableException",
      ],
      [
        "a Lambda task",
        () => task({ TaskType: "LAMBDA", TaskArn: "arn:aws:lambda:us-east-1:111122223333:function:f" }),
        "FeatureNotAvailableException",
      ],
      ["a document that does not exist", () => task({ TaskArn: "No-Such-Document" }), "DoesNotExistException"],
      ["no targets", () => task({ Targets: [] }), "ValidationException"],
      [
        "a window target that is not registered",
        () => task({ Targets: [{ Key: "WindowTargetIds", Values: ["00000000-0000-4000-8000-000000000000"] }] }),
        "ValidationException",
      ],
      ["targets without rate control", () => task({ MaxConcurrency: undefined }), "ValidationException"],
      ["a MaxErrors outside the pattern", () => task({ MaxErrors: "ten" }), "ValidationException"],
      ["a timeout under 30 s", () => task({ TaskInvocationParameters: { RunCommand: { TimeoutSeconds: 5 } } }), "ValidationException"],
      ["an alarm configuration", () => task({ AlarmConfiguration: { Alarms: [{ Name: "a" }] } }), "ValidationException"],
      ["a window that does not exist", () => task({ WindowId: "mw-00000000000000000" }), "DoesNotExistException"],
      [
        "a task that does not exist",
        () => ssm.send(new GetMaintenanceWindowTaskCommand({ WindowId: id, WindowTaskId: "00000000-0000-4000-8000-000000000000" })),
        "DoesNotExistException",
      ],
      [
        "Replace without TaskArn",
        () =>
          ssm.send(
            new UpdateMaintenanceWindowTaskCommand({ WindowId: id, WindowTaskId: "00000000-0000-4000-8000-000000000000", Replace: true }),
          ),
        "ValidationException",
      ],
      [
        "an unknown filter",
        () => ssm.send(new DescribeMaintenanceWindowTasksCommand({ WindowId: id, Filters: [{ Key: "Owner", Values: ["x"] }] })),
        "ValidationException",
      ],
    ];
    for (const [what, call, error] of cases) assert.equal(await outcome(call()), error, what);
    assert.equal(await snapshot(), before);
  });

  it("holds an account to 50 windows in a Region", async () => {
    const listed = await ssm.send(new DescribeMaintenanceWindowsCommand({ MaxResults: 100 }));
    const existing = listed.WindowIdentities?.length ?? 0;
    for (let i = existing; i < 50; i++) await create({ Name: `quota-${i}` });
    assert.equal(await outcome(create({ Name: "one-too-many" })), "ResourceLimitExceededException");
    await ssm.send(
      new AddTagsToResourceCommand({
        ResourceType: "MaintenanceWindow",
        ResourceId: (listed.WindowIdentities ?? [])[0]?.WindowId ?? "",
        Tags: [{ Key: "still", Value: "taggable" }],
      }),
    );
  });

  // The CLI sees the server's answers, which the SDK cases above check on both engines: one pass of it is enough.
  const cliSkip = awsCliMissing() ?? (testEngine === "postgres" ? "the AWS CLI case runs in the SQLite pass" : undefined);
  it("works from the real AWS CLI", { skip: cliSkip }, async () => {
    const home = await mkdtemp(join(tmpdir(), "bosun-windows-cli-"));
    try {
      // A fresh account's worth of room: the quota test above filled this one.
      const listed = await awsSsm(t, home, "describe-maintenance-windows", "--filters", "Key=Name,Values=quota-49");
      const quotaId = (listed.WindowIdentities as { WindowId: string }[])[0]?.WindowId ?? "";
      await awsSsm(t, home, "delete-maintenance-window", "--window-id", quotaId);
      const created = await awsSsm(
        t,
        home,
        "create-maintenance-window",
        "--name",
        "cli-window",
        "--schedule",
        "cron(30 23 ? * TUE#3 *)",
        "--schedule-offset",
        "2",
        "--schedule-timezone",
        "America/Los_Angeles",
        "--duration",
        "4",
        "--cutoff",
        "1",
        "--allow-unassociated-targets",
        "--start-date",
        "2026-01-01T00:00:00-08:00",
      );
      const id = String(created.WindowId);
      const got = await awsSsm(t, home, "get-maintenance-window", "--window-id", id);
      assert.equal(got.ScheduleOffset, 2);
      assert.equal(got.AllowUnassociatedTargets, true);
      assert.equal(got.StartDate, "2026-01-01T00:00:00-08:00");
      assert.match(
        String(got.NextExecutionTime),
        /^\d{4}-\d{2}-\d{2}T23:30-0[78]:00$/,
        "the Thursday after the third Tuesday, 23:30 Pacific",
      );
      const target = await awsSsm(
        t,
        home,
        "register-target-with-maintenance-window",
        "--window-id",
        id,
        "--resource-type",
        "INSTANCE",
        "--targets",
        "Key=tag:env,Values=prod",
      );
      const task = await awsSsm(
        t,
        home,
        "register-task-with-maintenance-window",
        "--window-id",
        id,
        "--task-type",
        "RUN_COMMAND",
        "--task-arn",
        "AWS-RunShellScript",
        "--targets",
        `Key=WindowTargetIds,Values=${target.WindowTargetId}`,
        "--max-concurrency",
        "50%",
        "--max-errors",
        "1",
        "--task-invocation-parameters",
        '{"RunCommand":{"Parameters":{"commands":["apt-get -y upgrade"]}}}',
      );
      const tasks = await awsSsm(t, home, "describe-maintenance-window-tasks", "--window-id", id);
      assert.deepEqual(
        (tasks.Tasks as { WindowTaskId: string }[]).map((x) => x.WindowTaskId),
        [task.WindowTaskId],
      );
      const targets = await awsSsm(t, home, "describe-maintenance-window-targets", "--window-id", id);
      assert.deepEqual(
        (targets.Targets as { WindowTargetId: string }[]).map((x) => x.WindowTargetId),
        [target.WindowTargetId],
      );
      const updated = await awsSsm(t, home, "update-maintenance-window", "--window-id", id, "--no-enabled");
      assert.equal(updated.Enabled, false);
      const listedCli = await awsSsm(t, home, "describe-maintenance-windows", "--filters", "Key=Name,Values=cli-window");
      assert.equal((listedCli.WindowIdentities as unknown[]).length, 1);
      assert.equal((await awsSsm(t, home, "delete-maintenance-window", "--window-id", id)).WindowId, id);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
