/** @module How `{{ssm:name}}` references in a command document are read: as the caller, or for an association's run. */
import { InvalidParameters } from "../../../protocol/errors/errors.ts";
import type { ActionContext } from "../../core/api/action.ts";
import { authorize } from "../../core/api/dispatch.ts";
import type { Scope } from "../../core/store/scope.ts";
import type { SsmLookup } from "../documents/index.ts";
import type { ParameterLookup } from "../parameters/index.ts";

/** A SecureString would land in plain text in a script, its output and the command's record: never allowed. */
function refuseSecret(name: string, type: string): void {
  if (type === "SecureString")
    throw new InvalidParameters(`{{ssm:${name}}} is a SecureString; commands may not embed secrets in their scripts.`);
}

/** For a request with a caller: reading a parameter through a command needs the same permission as reading it directly. */
export function callerSsmLookup(parameters: ParameterLookup, ctx: ActionContext): SsmLookup {
  return async (name) => {
    const found = await parameters(ctx, name).catch(() => {
      throw new InvalidParameters(`Parameter {{ssm:${name}}} does not exist or is not readable.`);
    });
    authorize(ctx, "ssm:GetParameters", [found.arn]);
    refuseSecret(name, found.type);
    return found.value;
  };
}

/**
 * For an association's run, where no caller is present. Every reference was read as the caller when the association
 * was created or updated (`RunCommandCapability.checkAsCaller`).
 */
export function associationSsmLookup(parameters: ParameterLookup, scope: Scope): SsmLookup {
  return async (name) => {
    const found = await parameters(scope, name).catch(() => {
      throw new InvalidParameters(`Parameter {{ssm:${name}}} does not exist.`);
    });
    refuseSecret(name, found.type);
    return found.value;
  };
}
