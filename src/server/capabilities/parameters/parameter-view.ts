/** @module Stored rows → the model's Parameter, ParameterMetadata and ParameterHistory shapes. */
import type { Keyring } from "../../core/crypto/keyring.ts";
import type { Scope } from "../../core/store/scope.ts";
import { decryptValue } from "./parameter-crypto.ts";
import { parameterArn } from "./parameter-names.ts";
import { loadPolicies, policyTimes } from "./parameter-policies.ts";
import type { ParameterRow, VersionFields } from "./parameter-store.ts";

const seconds = (ms: number): number => ms / 1000;

/** The value a caller sees: SecureStrings stay ciphertext unless decryption was asked for. */
export function visibleValue(
  keyring: Keyring,
  scope: Scope,
  key: string,
  fields: VersionFields,
  withDecryption: boolean | undefined,
): string {
  if (fields.type !== "SecureString" || !withDecryption) return fields.value;
  return decryptValue(keyring, scope, key, fields.key_id ?? "", fields.value);
}

export function parameterView(
  scope: Scope,
  name: string,
  key: string,
  version: number,
  fields: VersionFields,
  value: string,
  selector?: string,
) {
  return {
    Name: name,
    Type: fields.type,
    Value: value,
    Version: version,
    ...(selector ? { Selector: selector } : {}),
    LastModifiedDate: seconds(fields.modified_at),
    ARN: parameterArn(scope, key),
    DataType: fields.data_type,
  };
}

/** Policies in the order they were written, each Finished once its time has passed. */
function policyViews(fields: VersionFields, now: number) {
  const policies = loadPolicies(fields.policies);
  const times = new Map(policyTimes(policies, fields.modified_at).map(({ policy, at }) => [policy, at]));
  return policies.map((policy) => ({
    PolicyText: policy.text,
    PolicyType: policy.type,
    PolicyStatus: (times.get(policy) ?? Number.POSITIVE_INFINITY) <= now ? "Finished" : "Pending",
  }));
}

function commonMetadata(fields: VersionFields, now: number) {
  return {
    Type: fields.type,
    ...(fields.type === "SecureString" && fields.key_id ? { KeyId: fields.key_id } : {}),
    LastModifiedDate: seconds(fields.modified_at),
    LastModifiedUser: fields.modified_user,
    ...(fields.description !== null ? { Description: fields.description } : {}),
    ...(fields.allowed_pattern !== null ? { AllowedPattern: fields.allowed_pattern } : {}),
    Tier: fields.tier,
    Policies: policyViews(fields, now),
    DataType: fields.data_type,
  };
}

export function metadataView(scope: Scope, row: ParameterRow, now: number) {
  return { Name: row.name, ARN: parameterArn(scope, row.name_key), ...commonMetadata(row, now), Version: row.version };
}

export function historyView(name: string, version: number, fields: VersionFields, value: string, labels: string[], now: number) {
  return { Name: name, ...commonMetadata(fields, now), Value: value, Version: version, Labels: labels };
}
