/**
 * @module A Run Command task's document and stored members: the document is resolved as it will run (the account's,
 * one shared with it, or a built-in; a Command document), and the members become a task row's columns.
 */
import { DoesNotExist, ValidationException } from "../../../protocol/errors/errors.ts";
import type { Scope } from "../../core/store/scope.ts";
import type { WindowDeps } from "./window-shapes.ts";
import type { WindowTaskRow } from "./window-task-store.ts";

/** The document's name as the task will run it; DoesNotExistException when there is none, ValidationException when it is no Command document. */
export async function taskDocument(deps: WindowDeps, scope: Scope, taskArn: string, documentVersion: string | undefined): Promise<string> {
  let document: Awaited<ReturnType<WindowDeps["documents"]["resolve"]>>;
  try {
    document = await deps.documents.resolve(scope, taskArn.trim(), { documentVersion });
  } catch {
    throw new DoesNotExist(`The document ${taskArn} does not exist, or not in that version.`);
  }
  if (document.documentType !== "Command")
    throw new ValidationException(`${taskArn} is a ${document.documentType} document; a Run Command task runs a Command document.`);
  return taskArn.trim();
}

export interface TaskMembers {
  TaskArn: string;
  TaskType: string;
  Targets: { Key: string; Values: string[] }[];
  ServiceRoleArn?: string | undefined;
  TaskParameters?: object | undefined;
  TaskInvocationParameters?: object | undefined;
  LoggingInfo?: object | undefined;
  Priority?: number | undefined;
  MaxConcurrency?: string | undefined;
  MaxErrors?: string | undefined;
  Name?: string | undefined;
  Description?: string | undefined;
  CutoffBehavior?: string | undefined;
}

const json = (value: object | undefined) => (value === undefined ? null : JSON.stringify(value));

/** The columns a task's members fill (Priority 1 and CONTINUE_TASK when not given, as SSM). */
export function taskRowValues(
  m: TaskMembers,
): Omit<WindowTaskRow, "account_id" | "region" | "window_id" | "window_task_id" | "client_token" | "created_at"> {
  return {
    task_type: m.TaskType,
    task_arn: m.TaskArn,
    targets: JSON.stringify(m.Targets),
    task_parameters: json(m.TaskParameters),
    invocation_parameters: json(m.TaskInvocationParameters),
    logging_info: json(m.LoggingInfo),
    service_role_arn: m.ServiceRoleArn ?? null,
    priority: m.Priority ?? 1,
    max_concurrency: m.MaxConcurrency ?? null,
    max_errors: m.MaxErrors ?? null,
    name: m.Name ?? null,
    description: m.Description ?? null,
    cutoff_behavior: m.CutoffBehavior ?? "CONTINUE_TASK",
  };
}
