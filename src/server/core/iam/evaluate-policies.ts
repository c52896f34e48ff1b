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

/** A pattern's pieces: pattern text (`*` and `?` are wildcards) and literal text (what a policy variable produced). */
type PatternPart = { text: string; literal: boolean };

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** IAM wildcard match: `*` any run of characters, `?` any one character. */
export function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  return partsMatch([{ text: pattern, literal: false }], value, ignoreCase);
}

function partsMatch(parts: readonly PatternPart[], value: string, ignoreCase: boolean): boolean {
  // A plain pattern (every policy without variables: the hot path) is its own key.
  const only = parts.length === 1 && !parts[0]?.literal ? parts[0]?.text : undefined;
  const key = `${ignoreCase ? "i" : "s"}${only ?? `\n${JSON.stringify(parts)}`}`;
  let regex = patternCache.get(key);
  if (!regex) {
    const body = parts
      .map((part) => (part.literal ? escapeRegex(part.text) : escapeRegex(part.text).replace(/\\\*/g, ".*").replace(/\\\?/g, ".")))
      .join("");
    regex = new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
    if (patternCache.size > 10_000) patternCache.clear();
    patternCache.set(key, regex);
  }
  return regex.test(value);
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const plain = (pattern: string): PatternPart[] => [{ text: pattern, literal: false }];

/**
 * A policy variable's value in a Resource or a condition value (`${aws:username}`; `${*}`, `${?}` and `${$}` are those
 * characters, literally), as IAM resolves them in version 2012-10-17 policies. A variable the request has no value for
 * makes the pattern match nothing. Values are escaped, so a value's own `*` matches only `*`.
 */
function resolveVariables(pattern: string, context: AuthorizationRequest["context"]): PatternPart[] | undefined {
  // Most patterns have no variable: no scan, on every request's every statement.
  if (!pattern.includes("${")) return plain(pattern);
  const parts: PatternPart[] = [];
  let at = 0;
  for (const match of pattern.matchAll(/\$\{([^}]+)\}/g)) {
    parts.push({ text: pattern.slice(at, match.index), literal: false });
    const key = match[1] ?? "";
    const value = key === "*" || key === "?" || key === "$" ? key : (context[key] ?? context[key.toLowerCase()])?.[0];
    if (value === undefined) return undefined;
    parts.push({ text: value, literal: true });
    at = match.index + match[0].length;
  }
  parts.push({ text: pattern.slice(at), literal: false });
  return parts;
}

const partsText = (parts: readonly PatternPart[]) => parts.map((p) => p.text).join("");

function conditionsHold(statement: PolicyStatement, context: AuthorizationRequest["context"], variables: boolean): boolean {
  const block = statement.Condition ?? {};
  for (const [operator, entries] of Object.entries(block)) {
    for (const [key, expected] of Object.entries(entries ?? {})) {
      const actual = context[key] ?? context[key.toLowerCase()];
      const like = operator === "StringLike" || operator === "StringNotLike";
      const wanted = list(expected).flatMap((w) => {
        const parts = variables ? resolveVariables(w, context) : plain(w);
        return parts ? [parts] : [];
      });
      const matches = (actual ?? []).some((value) =>
        wanted.some((parts) => (like ? partsMatch(parts, value, false) : partsText(parts) === value)),
      );
      const negated = operator.startsWith("StringNot");
      // A missing key fails a positive operator and satisfies a negated one, as IAM does.
      if (negated ? matches : !matches) return false;
    }
  }
  return true;
}

function statementApplies(statement: PolicyStatement, request: AuthorizationRequest, variables: boolean): boolean {
  const actionMatches = (patterns: string[]) => patterns.some((p) => wildcardMatch(p, request.action, true));
  const resourceMatches = (patterns: string[]) =>
    patterns.some((p) => {
      const parts = variables ? resolveVariables(p, request.context) : plain(p);
      return parts !== undefined && partsMatch(parts, request.resource, false);
    });
  const action = statement.Action !== undefined ? actionMatches(list(statement.Action)) : !actionMatches(list(statement.NotAction));
  if (!action) return false;
  const resource =
    statement.Resource !== undefined ? resourceMatches(list(statement.Resource)) : !resourceMatches(list(statement.NotResource));
  return resource && conditionsHold(statement, request.context, variables);
}

/** Evaluates every statement of every policy for one action on one resource. */
export function evaluatePolicies(policies: readonly PolicyDocument[], request: AuthorizationRequest): Decision {
  let allowed = false;
  for (const policy of policies) {
    const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
    // Policy variables are IAM's from version 2012-10-17 on; an older policy's `${…}` is literal text.
    const variables = policy.Version === "2012-10-17";
    for (const statement of statements) {
      if (!statementApplies(statement, request, variables)) continue;
      if (statement.Effect === "Deny") return "ExplicitDeny";
      allowed = true;
    }
  }
  return allowed ? "Allow" : "ImplicitDeny";
}
