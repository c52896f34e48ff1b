/** @module What PutParameter checks about a value: tier and size, AllowedPattern, DataType and KeyId. */
import { RE2JS } from "re2js";
import { InvalidAllowedPattern, InvalidKeyId, ParameterPatternMismatch, ValidationException } from "../../../protocol/errors/errors.ts";
import type { Scope } from "../../core/store/scope.ts";
import { keyArnOf } from "../kms/index.ts";

export type ParameterType = "String" | "StringList" | "SecureString";
export type StoredTier = "Standard" | "Advanced";
export type RequestedTier = StoredTier | "Intelligent-Tiering";

export const defaultKeyId = "alias/aws/ssm";
export const maxStandardValue = 4096;
export const maxAdvancedValue = 8192;
export const tierLimits: Record<StoredTier, number> = { Standard: 10_000, Advanced: 100_000 };

/**
 * The tier a put lands in. Intelligent-Tiering picks Advanced only when the request needs it (large value,
 * policies) or the standard tier is full; an Advanced parameter never goes back to Standard.
 */
export function resolveTier(input: {
  requested: RequestedTier | undefined;
  existing: StoredTier | undefined;
  valueLength: number;
  hasPolicies: boolean;
  standardFull: boolean;
}): StoredTier {
  const { requested, existing } = input;
  if (requested === "Standard" && existing === "Advanced") {
    throw new ValidationException(
      "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter.",
    );
  }
  let tier: StoredTier;
  if (requested === "Intelligent-Tiering") {
    const needsAdvanced = input.valueLength > maxStandardValue || input.hasPolicies || (existing === undefined && input.standardFull);
    tier = needsAdvanced || existing === "Advanced" ? "Advanced" : "Standard";
  } else {
    tier = requested ?? existing ?? "Standard";
  }
  if (tier === "Standard" && input.valueLength > maxStandardValue) {
    throw new ValidationException(
      `Standard tier parameters support a maximum parameter value of ${maxStandardValue} characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier.`,
    );
  }
  if (input.valueLength > maxAdvancedValue) {
    throw new ValidationException(
      `1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length less than or equal to ${maxAdvancedValue}`,
    );
  }
  if (tier === "Standard" && input.hasPolicies) {
    throw new ValidationException("Parameter policies are supported only by the advanced-parameter tier.");
  }
  return tier;
}

/** Compiles an AllowedPattern with RE2 (linear time, so a caller's pattern cannot stall the server). */
export function compileAllowedPattern(pattern: string): RE2JS {
  try {
    return RE2JS.compile(pattern);
  } catch {
    throw new InvalidAllowedPattern("The request does not meet the regular expression requirement.");
  }
}

/** The whole value (each item of a StringList) must match; the value itself never appears in the error. */
export function checkAllowedPattern(pattern: string | null | undefined, type: ParameterType, value: string): void {
  if (!pattern) return;
  const regex = compileAllowedPattern(pattern);
  const items = type === "StringList" ? value.split(",") : [value];
  if (!items.every((item) => regex.matcher(item).matches())) {
    throw new ParameterPatternMismatch(`Parameter value, cannot be validated against allowedPattern: ${pattern}`);
  }
}

export const supportedDataTypes = ["text", "aws:ec2:image"] as const;

export function checkDataType(dataType: string, type: ParameterType, value: string): void {
  if (!(supportedDataTypes as readonly string[]).includes(dataType)) {
    // AWS's words (as moto records them); the supported types are text and aws:ec2:image.
    throw new ValidationException(`The following data type is not supported: ${dataType} (Data type names are all lowercase.)`);
  }
  if (dataType === "aws:ec2:image") {
    if (type !== "String") throw new ValidationException("The data type aws:ec2:image is supported only for String parameters.");
    if (!/^ami-[0-9a-f]{8,17}$/.test(value))
      throw new ValidationException("Parameter value is not a valid AMI ID for data type aws:ec2:image.");
  }
}

/** A key id Bosun can use: a key id, an alias, or a key/alias ARN in the caller's own account and region. */
export function checkKeyId(keyId: string, scope: Scope): void {
  if (!keyArnOf(scope, keyId)) throw new InvalidKeyId(`Invalid keyId ${keyId}`);
}
