/** @module Checks an action's input against its schema and reports failures the way AWS words them. */
import type { Static, TSchema } from "@sinclair/typebox";
import { type TypeCheck, TypeCompiler } from "@sinclair/typebox/compiler";
import { type ValueError, ValueErrorType } from "@sinclair/typebox/errors";
import { InvalidInput, SerializationException, ValidationException } from "../../../protocol/errors/errors.ts";

const typeErrors = new Set([
  ValueErrorType.String,
  ValueErrorType.Number,
  ValueErrorType.Integer,
  ValueErrorType.Boolean,
  ValueErrorType.Object,
  ValueErrorType.Array,
  ValueErrorType.Null,
]);

/** `/ParameterFilters/0/Key` → `parameterFilters.1.member.key`, as AWS names members in messages. */
export function memberPath(pointer: string): string {
  return pointer
    .split("/")
    .filter((part) => part !== "")
    .map((part) => (/^\d+$/.test(part) ? `${Number(part) + 1}.member` : part.charAt(0).toLowerCase() + part.slice(1)))
    .join(".");
}

function constraintText(error: ValueError): string {
  const schema = error.schema as Record<string, unknown>;
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return "Member must not be null";
    case ValueErrorType.StringMaxLength:
      return `Member must have length less than or equal to ${schema.maxLength}`;
    case ValueErrorType.StringMinLength:
      return `Member must have length greater than or equal to ${schema.minLength}`;
    case ValueErrorType.ArrayMaxItems:
      // SSM ends this one with a period (GetParameters' names, as AWS answers it).
      return `Member must have length less than or equal to ${schema.maxItems}.`;
    case ValueErrorType.ArrayMinItems:
      return `Member must have length greater than or equal to ${schema.minItems}`;
    case ValueErrorType.StringFormat:
      return Array.isArray(schema.awsEnum)
        ? `Member must satisfy enum value set: [${schema.awsEnum.join(", ")}]`
        : `Member must satisfy regular expression pattern: ${schema.awsPattern}`;
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMaximum:
      // With SSM's period (GetParameterHistory's maxResults, as AWS answers it).
      return `Member must have value less than or equal to ${schema.maximum}.`;
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum:
      return `Member must have value greater than or equal to ${schema.minimum}`;
    default:
      return "Member is not valid";
  }
}

const maxEchoedLength = 8192;

/** A value as AWS's Java services print it: a list as `[a, b]`, a map as `{k=v}`, the rest as text. */
function javaText(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return `[${value.map(javaText).join(", ")}]`;
  if (value && typeof value === "object")
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${javaText(v)}`)
      .join(", ")}}`;
  return String(value);
}

function describeValue(error: ValueError): string {
  const schema = error.schema as Record<string, unknown>;
  if (error.type === ValueErrorType.ObjectRequiredProperty) return "Value null";
  if (schema.sensitive) return "Value";
  const shown = javaText(error.value);
  // A list of 10,000 entries is not worth echoing whole: the member's path says where the problem is.
  return `Value '${shown.length > maxEchoedLength ? `${shown.slice(0, maxEchoedLength)}...` : shown}'`;
}

/** Organizations answers a constraint failure with InvalidInputException and a Reason, not ValidationException. */
function organizationsReason(error: ValueError): string {
  const schema = error.schema as Record<string, unknown>;
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return "INPUT_REQUIRED";
    case ValueErrorType.StringMaxLength:
    case ValueErrorType.ArrayMaxItems:
      return "MAX_LENGTH_EXCEEDED";
    case ValueErrorType.StringMinLength:
    case ValueErrorType.ArrayMinItems:
      return "MIN_LENGTH_EXCEEDED";
    case ValueErrorType.StringFormat:
      return Array.isArray(schema.awsEnum) ? "INVALID_ENUM" : "INVALID_PATTERN";
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMaximum:
      return "MAX_VALUE_EXCEEDED";
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum:
      return "MIN_VALUE_EXCEEDED";
    default:
      return "INVALID_LIST_MEMBER";
  }
}

/** How a service reports bad input: SSM's ValidationException, or Organizations' InvalidInputException. */
export type ValidationStyle = "ValidationException" | "InvalidInputException";

/**
 * The path of the first string (value or member name) that holds a NUL character. No AWS string member may hold one,
 * and PostgreSQL cannot store one, so it is refused as bad input before it reaches a handler.
 */
export function nulCharacterAt(value: unknown, path = ""): string | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulCharacterAt(item, `${path}/${index}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === "object")
    for (const [key, item] of Object.entries(value)) {
      if (key.includes("\u0000")) return `${path}/${key.replaceAll("\u0000", "")}`;
      const found = nulCharacterAt(item, `${path}/${key}`);
      if (found !== undefined) return found;
    }
  return undefined;
}

/** A compiled validator for one action's input. */
export class InputValidator<T extends TSchema> {
  private readonly check: TypeCheck<T>;
  constructor(
    schema: T,
    private readonly style: ValidationStyle = "ValidationException",
  ) {
    this.check = TypeCompiler.Compile(schema);
  }

  /** Returns the input typed, or throws SerializationException (wrong JSON types) / ValidationException. */
  validate(input: unknown): Static<T> {
    const nul = nulCharacterAt(input);
    if (nul !== undefined) {
      const problem = `Value at '${memberPath(nul)}' failed to satisfy constraint: Member must not contain null characters`;
      if (this.style === "InvalidInputException") throw new InvalidInput(problem).with({ Reason: "INVALID_PATTERN" });
      throw new ValidationException(`1 validation error detected: ${problem}`);
    }
    if (this.check.Check(input)) return input as Static<T>;

    const firstPerMember = new Map<string, ValueError>();
    for (const error of this.check.Errors(input)) {
      if (!firstPerMember.has(error.path)) firstPerMember.set(error.path, error);
    }
    const wrongType = [...firstPerMember.values()].find((error) => typeErrors.has(error.type));
    if (wrongType) {
      const expected = (wrongType.schema as { type?: string }).type ?? "value";
      throw new SerializationException(`Unable to parse member '${memberPath(wrongType.path)}': expected a JSON ${expected}`);
    }
    const first = [...firstPerMember.values()][0];
    if (this.style === "InvalidInputException" && first)
      throw new InvalidInput(
        `${describeValue(first)} at '${memberPath(first.path)}' failed to satisfy constraint: ${constraintText(first)}`,
      ).with({ Reason: organizationsReason(first) });
    const problems = [...firstPerMember.values()].map(
      (error) => `${describeValue(error)} at '${memberPath(error.path)}' failed to satisfy constraint: ${constraintText(error)}`,
    );
    const count = problems.length;
    throw new ValidationException(`${count} validation error${count === 1 ? "" : "s"} detected: ${problems.join("; ")}`);
  }
}
