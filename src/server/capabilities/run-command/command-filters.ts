/** @module ListCommands and ListCommandInvocations filters: InvokedAfter/Before, Status, ExecutionStage, DocumentName. */
import { InvalidFilterKey, ValidationException } from "../../../protocol/errors/errors.ts";
import { commandStatus, invocationStatus } from "./command-statuses.ts";

export interface CommandFilter {
  key: "InvokedAfter" | "InvokedBefore" | "Status" | "ExecutionStage" | "DocumentName";
  value: string;
}

const statuses = ["Pending", "InProgress", "Success", "Cancelled", "Failed", "TimedOut", "Cancelling", "Delayed"];

interface Filterable {
  requestedAt: number;
  statusDetails: string;
  documentName: string;
  finished: boolean;
}

/** Checks filter values (ExecutionStage only for commands); returns a predicate. */
export function commandFilter(filters: readonly CommandFilter[], forInvocations: boolean): (item: Filterable) => boolean {
  const checks: ((item: Filterable) => boolean)[] = [];
  for (const { key, value } of filters) {
    if (key === "InvokedAfter" || key === "InvokedBefore") {
      const at = Date.parse(value);
      if (Number.isNaN(at)) throw new ValidationException(`The value of filter ${key} must be a timestamp such as 2024-07-07T00:00:00Z.`);
      checks.push(key === "InvokedAfter" ? (i) => i.requestedAt >= at : (i) => i.requestedAt <= at);
    } else if (key === "Status") {
      if (!statuses.includes(value)) throw new ValidationException(`The value of filter Status must be one of ${statuses.join(", ")}.`);
      checks.push((i) => (forInvocations ? invocationStatus(i.statusDetails) : commandStatus(i.statusDetails)) === value);
    } else if (key === "ExecutionStage") {
      if (forInvocations) throw new InvalidFilterKey("The filter key ExecutionStage can be used only with ListCommands.");
      if (value !== "Executing" && value !== "Complete")
        throw new ValidationException("The value of filter ExecutionStage must be Executing or Complete.");
      checks.push((i) => i.finished === (value === "Complete"));
    } else {
      checks.push((i) => i.documentName === value);
    }
  }
  return (item) => checks.every((check) => check(item));
}
