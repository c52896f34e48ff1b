/**
 * @module What the window-task actions share: the members' shapes as the model bounds them, the checks SSM makes
 * (the task types Bosun runs, targets given as registered window targets or as nodes, rate control where there are
 * targets), and how a task is answered.
 */
import { Type } from "@sinclair/typebox";
import { FeatureNotAvailable, ValidationException } from "../../../protocol/errors/errors.ts";
import type {
  SsmLoggingInfo,
  SsmMaintenanceWindowTaskInvocationParameters,
  SsmMaintenanceWindowTaskParameterValueExpression,
} from "../../../protocol/model-outputs.ts";
import { AwsEnum, AwsInteger, AwsString, AwsUnsupported } from "../../core/validation/aws-shapes.ts";
import { checkTargets, TargetsShape, WindowTargetIdShape } from "./window-target-shapes.ts";
import type { WindowTaskRow } from "./window-task-store.ts";

export { TargetsShape, WindowTargetIdShape as WindowTaskIdShape };

export const TaskTypeShape = () => AwsEnum(["RUN_COMMAND", "AUTOMATION", "STEP_FUNCTIONS", "LAMBDA"] as const);

const ParameterValuesShape = () => Type.Record(Type.String(), Type.Array(Type.String()));

/** The members Register and Update share (Update makes the required ones optional). */
export const taskMembers = () => ({
  ServiceRoleArn: Type.Optional(AwsString()),
  TaskParameters: Type.Optional(
    Type.Record(Type.String(), Type.Object({ Values: Type.Optional(Type.Array(AwsString({ min: 1, max: 255 }))) })),
  ),
  TaskInvocationParameters: Type.Optional(
    Type.Object({
      RunCommand: Type.Optional(
        Type.Object({
          Comment: Type.Optional(AwsString({ max: 100 })),
          CloudWatchOutputConfig: Type.Optional(AwsUnsupported()),
          DocumentHash: Type.Optional(AwsString({ max: 256 })),
          DocumentHashType: Type.Optional(AwsEnum(["Sha256", "Sha1"] as const)),
          DocumentVersion: Type.Optional(AwsString({ pattern: "([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)" })),
          NotificationConfig: Type.Optional(AwsUnsupported()),
          OutputS3BucketName: Type.Optional(AwsString({ min: 3, max: 63 })),
          OutputS3KeyPrefix: Type.Optional(AwsString({ max: 500 })),
          Parameters: Type.Optional(ParameterValuesShape()),
          ServiceRoleArn: Type.Optional(AwsString()),
          TimeoutSeconds: Type.Optional(AwsInteger({ min: 30, max: 2_592_000 })),
        }),
      ),
      Automation: Type.Optional(AwsUnsupported()),
      StepFunctions: Type.Optional(AwsUnsupported()),
      Lambda: Type.Optional(AwsUnsupported()),
    }),
  ),
  Priority: Type.Optional(AwsInteger({ min: 0 })),
  MaxConcurrency: Type.Optional(AwsString({ min: 1, max: 7, pattern: "^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$" })),
  MaxErrors: Type.Optional(AwsString({ min: 1, max: 7, pattern: "^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$" })),
  LoggingInfo: Type.Optional(
    Type.Object({
      S3BucketName: AwsString({ min: 3, max: 63 }),
      S3KeyPrefix: Type.Optional(AwsString({ max: 500 })),
      S3Region: AwsString({ min: 3, max: 20 }),
    }),
  ),
  Name: Type.Optional(AwsString({ min: 3, max: 128, pattern: "^[a-zA-Z0-9_\\-.]{3,128}$" })),
  Description: Type.Optional(AwsString({ min: 1, max: 128 })),
  CutoffBehavior: Type.Optional(AwsEnum(["CONTINUE_TASK", "CANCEL_TASK"] as const)),
  AlarmConfiguration: Type.Optional(AwsUnsupported()),
});

/** Members of the model Bosun does not implement: refused with the reason rather than ignored. */
export function refuseUnsupportedTaskMembers(input: {
  AlarmConfiguration?: unknown;
  TaskInvocationParameters?: {
    RunCommand?: { CloudWatchOutputConfig?: unknown; NotificationConfig?: unknown };
    Automation?: unknown;
    StepFunctions?: unknown;
    Lambda?: unknown;
  };
}): void {
  const refused = [
    ["AlarmConfiguration", input.AlarmConfiguration],
    ["TaskInvocationParameters.RunCommand.CloudWatchOutputConfig", input.TaskInvocationParameters?.RunCommand?.CloudWatchOutputConfig],
    ["TaskInvocationParameters.RunCommand.NotificationConfig", input.TaskInvocationParameters?.RunCommand?.NotificationConfig],
    ["TaskInvocationParameters.Automation", input.TaskInvocationParameters?.Automation],
    ["TaskInvocationParameters.StepFunctions", input.TaskInvocationParameters?.StepFunctions],
    ["TaskInvocationParameters.Lambda", input.TaskInvocationParameters?.Lambda],
  ].find(([, value]) => value !== undefined);
  if (refused) throw new ValidationException(`${refused[0]} is not supported by Bosun.`);
}

/** SSM's quota: 20 tasks per maintenance window. */
export const maxTasksPerWindow = 20;

type Targets = { Key?: string; Values?: string[] }[];

/** Only Run Command tasks run in Bosun today: Automation arrives with Automation, and Lambda and Step Functions are AWS's. */
export function checkTaskType(type: string): void {
  if (type === "AUTOMATION")
    throw new FeatureNotAvailable("Automation tasks are not available yet: Bosun does not run Automation runbooks.");
  if (type !== "RUN_COMMAND") throw new FeatureNotAvailable(`${type} tasks run AWS services that Bosun does not have.`);
}

/**
 * A task's targets: the window's registered targets (`WindowTargetIds`, each one of `registered`) or nodes named as a
 * target registration names them — not both. A Run Command task needs targets, and then MaxConcurrency and MaxErrors.
 */
export function checkTaskTargets(
  targets: Targets,
  registered: ReadonlySet<string>,
  rate: { MaxConcurrency?: string | undefined; MaxErrors?: string | undefined },
): { Key: string; Values: string[] }[] {
  if (targets.length === 0) throw new ValidationException("A Run Command task needs Targets: registered window targets or nodes.");
  const byWindowTarget = targets.filter((t) => t.Key === "WindowTargetIds");
  let checked: { Key: string; Values: string[] }[];
  if (byWindowTarget.length > 0) {
    if (byWindowTarget.length !== targets.length)
      throw new ValidationException("WindowTargetIds cannot be combined with other target keys.");
    checked = byWindowTarget.map(({ Values }) => {
      if (!Values?.length) throw new ValidationException("WindowTargetIds needs at least one window target id.");
      const unknown = Values.find((v) => !registered.has(v));
      if (unknown !== undefined) throw new ValidationException(`${unknown} is not a target registered with this window.`);
      return { Key: "WindowTargetIds", Values };
    });
  } else checked = checkTargets("INSTANCE", targets);
  if (rate.MaxConcurrency === undefined || rate.MaxErrors === undefined)
    throw new ValidationException("A task with targets needs MaxConcurrency and MaxErrors.");
  return checked;
}

const parsed = <T>(text: string | null): T | undefined => (text === null ? undefined : (JSON.parse(text) as T));

/** A task as GetMaintenanceWindowTask answers it (DescribeMaintenanceWindowTasks calls the type Type). */
export function taskView(row: WindowTaskRow) {
  return {
    WindowId: row.window_id,
    WindowTaskId: row.window_task_id,
    TaskArn: row.task_arn,
    TaskType: row.task_type,
    Targets: JSON.parse(row.targets) as { Key: string; Values: string[] }[],
    ...(row.task_parameters !== null
      ? { TaskParameters: parsed<Record<string, SsmMaintenanceWindowTaskParameterValueExpression>>(row.task_parameters) }
      : {}),
    ...(row.invocation_parameters !== null
      ? { TaskInvocationParameters: parsed<SsmMaintenanceWindowTaskInvocationParameters>(row.invocation_parameters) }
      : {}),
    ...(row.logging_info !== null ? { LoggingInfo: parsed<SsmLoggingInfo>(row.logging_info) } : {}),
    ...(row.service_role_arn !== null ? { ServiceRoleArn: row.service_role_arn } : {}),
    Priority: row.priority,
    ...(row.max_concurrency !== null ? { MaxConcurrency: row.max_concurrency } : {}),
    ...(row.max_errors !== null ? { MaxErrors: row.max_errors } : {}),
    ...(row.name !== null ? { Name: row.name } : {}),
    ...(row.description !== null ? { Description: row.description } : {}),
    CutoffBehavior: row.cutoff_behavior,
  };
}

/** A task as DescribeMaintenanceWindowTasks lists it (MaintenanceWindowTask: `Type`, no invocation parameters). */
export function taskListing(row: WindowTaskRow) {
  const { TaskType, TaskInvocationParameters: _invocation, ...rest } = taskView(row);
  return { ...rest, Type: TaskType };
}
