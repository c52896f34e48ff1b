/** @module TypeBox builders for the service model's shapes: strings with length and pattern, enums, ranges, lists. */
import { FormatRegistry, type TSchema, Type } from "@sinclair/typebox";

export interface StringConstraints {
  min?: number;
  max?: number;
  /** The model's regular expression, Java-flavoured; checked with Unicode semantics so `\p{L}` works. */
  pattern?: string;
  /** The value is never echoed in an error message (the model's `sensitive`). */
  sensitive?: boolean;
}

/**
 * The model's patterns are Java regular expressions: `\p{L}` needs JavaScript's `u` flag, while escapes such as `\:`
 * are errors under it. Compile with `u` where it parses, without it otherwise.
 */
export function modelRegex(pattern: string): RegExp {
  // Java's leading `(?i)` (AccountId's `(?i)all|[0-9]{12}`) is JavaScript's `i` flag.
  const caseless = pattern.startsWith("(?i)");
  const source = caseless ? pattern.slice(4) : pattern;
  const flags = caseless ? "i" : "";
  try {
    return new RegExp(source, `u${flags}`);
  } catch {
    return new RegExp(source, flags);
  }
}

// TypeBox compiles `pattern` without the `u` flag; the model's patterns need it, so each pattern becomes a format.
function patternFormat(pattern: string): string {
  const name = `aws-pattern:${pattern}`;
  if (!FormatRegistry.Has(name)) {
    const regex = modelRegex(pattern);
    FormatRegistry.Set(name, (value) => regex.test(value));
  }
  return name;
}

/** A string member (`"type":"string"` with min/max/pattern). */
export function AwsString(constraints: StringConstraints = {}) {
  return Type.String({
    ...(constraints.min !== undefined ? { minLength: constraints.min } : {}),
    ...(constraints.max !== undefined ? { maxLength: constraints.max } : {}),
    ...(constraints.pattern !== undefined ? { format: patternFormat(constraints.pattern), awsPattern: constraints.pattern } : {}),
    ...(constraints.sensitive ? { sensitive: true } : {}),
  });
}

function enumFormat(values: readonly string[]): string {
  const name = `aws-enum:${values.join("|")}`;
  if (!FormatRegistry.Has(name)) {
    const allowed = new Set(values);
    FormatRegistry.Set(name, (value) => allowed.has(value));
  }
  return name;
}

/** A string member restricted to the model's enum values (checked by the compiled validator, as a format). */
export function AwsEnum<const T extends readonly string[]>(values: T) {
  return Type.Unsafe<T[number]>(Type.String({ format: enumFormat(values), awsEnum: values }));
}

/** An integer or long member with an optional range. */
export function AwsInteger(range: { min?: number; max?: number } = {}) {
  return Type.Integer({
    ...(range.min !== undefined ? { minimum: range.min } : {}),
    ...(range.max !== undefined ? { maximum: range.max } : {}),
  });
}

/** A list member with optional item-count bounds. */
export function AwsList<T extends TSchema>(item: T, bounds: { min?: number; max?: number } = {}) {
  return Type.Array(item, {
    ...(bounds.min !== undefined ? { minItems: bounds.min } : {}),
    ...(bounds.max !== undefined ? { maxItems: bounds.max } : {}),
  });
}

/** A timestamp member: epoch seconds, fractions allowed. */
export const AwsTimestamp = () => Type.Number();

export const AwsBoolean = () => Type.Boolean();

/** The opaque pagination token every listing takes. */
export const NextTokenShape = () => Type.String();

/**
 * A member of the model Bosun does not implement (cross-account targets, alarms, ...): accepted by the schema so the
 * action's input matches the model, and refused by the handler with a ValidationException that says so.
 */
export const AwsUnsupported = () => Type.Unknown({ bosunUnsupported: true });

/** SSM's InstanceId shape: an EC2 id or a managed (`mi-`) node id. */
export const InstanceIdShape = () => AwsString({ pattern: "(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)" });
