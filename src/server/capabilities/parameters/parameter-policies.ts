/** @module Parameter policies: Expiration, ExpirationNotification and NoChangeNotification, validated as SSM does. */
import { IncompatiblePolicy, InvalidPolicyAttribute, InvalidPolicyType, PoliciesLimitExceeded } from "../../../protocol/errors/errors.ts";

export type PolicyType = "Expiration" | "ExpirationNotification" | "NoChangeNotification";

export interface ParameterPolicy {
  type: PolicyType;
  /** The policy's JSON as the caller wrote it. */
  text: string;
  /** Expiration: when the parameter is deleted (epoch ms). */
  at?: number;
  /** Notifications: how long before expiration / after the last change (ms). */
  offsetMs?: number;
}

const maxPolicies = 10;
const units: Record<string, number> = { Days: 86_400_000, Hours: 3_600_000 };

function attribute(raw: Record<string, unknown>, name: string): string {
  const value = raw[name];
  if (typeof value !== "string" && typeof value !== "number")
    throw new InvalidPolicyAttribute(`The policy attribute ${name} is missing or not valid.`);
  return String(value);
}

function offset(attributes: Record<string, unknown>, name: string): number {
  const amount = attribute(attributes, name);
  const unit = attribute(attributes, "Unit");
  const factor = units[unit];
  if (!/^\d+$/.test(amount) || Number(amount) < 1 || factor === undefined) {
    throw new InvalidPolicyAttribute(`The policy attributes ${name} and Unit must be a positive whole number and Days or Hours.`);
  }
  return Number(amount) * factor;
}

function parseOne(raw: unknown, now: number): ParameterPolicy {
  if (!raw || typeof raw !== "object")
    throw new InvalidPolicyType("A parameter policy must be a JSON object with Type, Version and Attributes.");
  const policy = raw as Record<string, unknown>;
  const attributes = (policy.Attributes ?? {}) as Record<string, unknown>;
  if (typeof attributes !== "object") throw new InvalidPolicyAttribute("The policy Attributes must be a JSON object.");
  if (policy.Version !== undefined && policy.Version !== "1.0") throw new InvalidPolicyAttribute("The policy Version must be 1.0.");
  const text = JSON.stringify(raw);
  switch (policy.Type) {
    case "Expiration": {
      const at = Date.parse(attribute(attributes, "Timestamp"));
      if (Number.isNaN(at)) throw new InvalidPolicyAttribute("The Expiration Timestamp must be an ISO 8601 date and time.");
      if (at <= now) throw new InvalidPolicyAttribute("The Expiration Timestamp must be in the future.");
      return { type: "Expiration", text, at };
    }
    case "ExpirationNotification":
      return { type: "ExpirationNotification", text, offsetMs: offset(attributes, "Before") };
    case "NoChangeNotification":
      return { type: "NoChangeNotification", text, offsetMs: offset(attributes, "After") };
    default:
      throw new InvalidPolicyType(`The policy type ${String(policy.Type).slice(0, 64)} is not supported.`);
  }
}

/** Parses the Policies member (a JSON array of policies). */
export function parsePolicies(text: string, now: number): ParameterPolicy[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new InvalidPolicyType("The parameter policies must be a JSON array of policies.");
  }
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length > maxPolicies) throw new PoliciesLimitExceeded(`A parameter can have at most ${maxPolicies} policies.`);
  const policies = list.map((item) => parseOne(item, now));
  const types = new Set(policies.map((p) => p.type));
  if (types.size !== policies.length) throw new IncompatiblePolicy("A parameter can have only one policy of each type.");
  if (types.has("ExpirationNotification") && !types.has("Expiration")) {
    throw new IncompatiblePolicy("An ExpirationNotification policy needs an Expiration policy.");
  }
  return policies;
}

/** The stored form: the policies' texts, or null when there are none. */
export function storedPolicies(policies: readonly ParameterPolicy[]): string | null {
  return policies.length === 0 ? null : JSON.stringify(policies.map((p) => JSON.parse(p.text)));
}

/** Reads policies back from storage; they were valid when stored, so time checks are skipped. */
export function loadPolicies(stored: string | null): ParameterPolicy[] {
  return stored === null ? [] : parsePolicies(stored, Number.NEGATIVE_INFINITY);
}

/** When each policy acts (epoch ms), given the parameter's last change, earliest first. */
export function policyTimes(policies: readonly ParameterPolicy[], modifiedAt: number): { policy: ParameterPolicy; at: number }[] {
  const expiration = policies.find((p) => p.type === "Expiration")?.at;
  const times = policies.flatMap((policy) => {
    if (policy.type === "Expiration" && policy.at !== undefined) return [{ policy, at: policy.at }];
    if (policy.type === "ExpirationNotification" && expiration !== undefined) return [{ policy, at: expiration - (policy.offsetMs ?? 0) }];
    if (policy.type === "NoChangeNotification") return [{ policy, at: modifiedAt + (policy.offsetMs ?? 0) }];
    return [];
  });
  return times.sort((a, b) => a.at - b.at);
}

/**
 * The next time the sweeper must look at the parameter, or null when nothing is left to do. After a put, pass
 * `-Infinity`: a notification whose time had already passed when the policy was set still fires once.
 */
export function nextPolicyDue(policies: readonly ParameterPolicy[], modifiedAt: number, after: number): number | null {
  const upcoming = policyTimes(policies, modifiedAt)
    .map((t) => t.at)
    .filter((at) => at > after);
  return upcoming.length === 0 ? null : Math.min(...upcoming);
}
