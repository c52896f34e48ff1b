/** @module IAM evaluation: an explicit Deny beats an Allow, which beats the implicit deny. */
import type { PolicyDocument, PolicyStatement } from "./policy-document.ts";

export type Decision = "Allow" | "ExplicitDeny" | "ImplicitDeny";

export interface AuthorizationRequest {
  /** `ssm:GetParameter` */
  action: string;
  /** The resource's ARN, or `*`. */
  resource: string;
  /** Condition keys and their values for this request, e.g. `aws:RequestedRegion`, `ssm:resourceTag/env`. */
  context: Record<string, string[] | undefined>;
}

const patternCache = new Map<string, RegExp>();

/** IAM wildcard match: `*` any run of characters, `?` any one character. */
export function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const key = `${ignoreCase ? "i" : "s"}${pattern}`;
  let regex = patternCache.get(key);
  if (!regex) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    regex = new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
    if (patternCache.size > 10_000) patternCache.clear();
    patternCache.set(key, regex);
  }
  return regex.test(value);
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function conditionsHold(statement: PolicyStatement, context: AuthorizationRequest["context"]): boolean {
  const block = statement.Condition ?? {};
  for (const [operator, entries] of Object.entries(block)) {
    for (const [key, expected] of Object.entries(entries ?? {})) {
      const actual = context[key] ?? context[key.toLowerCase()];
      const wanted = list(expected);
      const like = operator === "StringLike" || operator === "StringNotLike";
      const matches = (actual ?? []).some((value) => wanted.some((w) => (like ? wildcardMatch(w, value, false) : w === value)));
      const negated = operator.startsWith("StringNot");
      // A missing key fails a positive operator and satisfies a negated one, as IAM does.
      if (negated ? matches : !matches) return false;
    }
  }
  return true;
}

function statementApplies(statement: PolicyStatement, request: AuthorizationRequest): boolean {
  const actionMatches = (patterns: string[]) => patterns.some((p) => wildcardMatch(p, request.action, true));
  const resourceMatches = (patterns: string[]) => patterns.some((p) => wildcardMatch(p, request.resource, false));
  const action = statement.Action !== undefined ? actionMatches(list(statement.Action)) : !actionMatches(list(statement.NotAction));
  if (!action) return false;
  const resource =
    statement.Resource !== undefined ? resourceMatches(list(statement.Resource)) : !resourceMatches(list(statement.NotResource));
  return resource && conditionsHold(statement, request.context);
}

/** Evaluates every statement of every policy for one action on one resource. */
export function evaluatePolicies(policies: readonly PolicyDocument[], request: AuthorizationRequest): Decision {
  let allowed = false;
  for (const policy of policies) {
    const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
    for (const statement of statements) {
      if (!statementApplies(statement, request)) continue;
      if (statement.Effect === "Deny") return "ExplicitDeny";
      allowed = true;
    }
  }
  return allowed ? "Allow" : "ImplicitDeny";
}
