/** @module Parameter names, paths and selectors: SSM's naming rules, `/A` ≡ `A`, 15 levels, and ARNs. */

import { AccessDenied, HierarchyLevelLimitExceeded, ValidationException } from "../../../protocol/errors/errors.ts";
import type { Scope } from "../../core/store/scope.ts";

export interface ParameterName {
  /** The name as the caller wrote it (trimmed). */
  name: string;
  /** The stored key: the name without its leading slash. */
  key: string;
  /** The path one level up: `/a/b` for `/a/b/c`, `/` for a top-level name. */
  parent: string;
}

export const maxHierarchyLevels = 15;
/** SSM counts the ARN prefix toward a 1011-character limit on names. */
const maxArnLength = 1011;

const invalidName =
  'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_';

export const parameterArn = (scope: Scope, key: string): string => `arn:aws:ssm:${scope.region}:${scope.accountId}:parameter/${key}`;

function parentOf(key: string): string {
  const slash = key.lastIndexOf("/");
  return slash < 0 ? "/" : `/${key.slice(0, slash)}`;
}

/** Parses a name for reading: shape only; reserved prefixes are not refused, since reads of them just find nothing. */
export function readName(raw: string): ParameterName | undefined {
  const name = raw.trim();
  if (!/^\/?[a-zA-Z0-9_.-]+(\/[a-zA-Z0-9_.-]+)*$/.test(name)) return undefined;
  if (name.includes("/") && !name.startsWith("/")) return undefined;
  const key = name.startsWith("/") ? name.slice(1) : name;
  return { name, key, parent: parentOf(key) };
}

/**
 * SSM's three answers to a reserved prefix (as moto records them): a path under `/aws` is AWS's own namespace (denied),
 * a plain name is told both prefixes, and any other path is told about `ssm` and the path rules.
 */
function reservedPrefix(parsed: ParameterName): Error {
  const isPath = parsed.key.includes("/");
  if (isPath && /^aws/i.test(parsed.key) && parsed.name.startsWith("/"))
    return new AccessDenied(`No access to reserved parameter name: ${parsed.name}.`);
  if (!isPath) return new ValidationException('Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).');
  return new ValidationException(
    'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_',
  );
}

/** Parses a name for creating a parameter, with every rule PutParameter applies. */
export function createName(raw: string, scope: Scope): ParameterName {
  const trimmed = raw.trim();
  if (/\s/.test(trimmed)) throw new ValidationException("Parameter name: can't contain spaces.");
  if (trimmed.includes("/") && !trimmed.startsWith("/")) throw new ValidationException("Parameter name must be a fully qualified name.");
  const parsed = readName(trimmed);
  if (!parsed) throw new ValidationException(invalidName);
  if (/^(aws|ssm)/i.test(parsed.key)) throw reservedPrefix(parsed);
  if (parsed.key.split("/").length > maxHierarchyLevels) {
    throw new HierarchyLevelLimitExceeded(`A hierarchy can have a maximum of ${maxHierarchyLevels} levels.`);
  }
  if (parameterArn(scope, parsed.key).length > maxArnLength) {
    throw new ValidationException(`Parameter name: the name and its ARN prefix must not exceed ${maxArnLength} characters.`);
  }
  return parsed;
}

/** A path for GetParametersByPath or a Path filter: `/`, or `/a/b` (a trailing slash is dropped). */
export function readPath(raw: string): string | undefined {
  const path = raw.trim();
  if (path === "/") return "/";
  if (!path.startsWith("/")) return undefined;
  const withoutTrailing = path.endsWith("/") ? path.slice(0, -1) : path;
  return readName(withoutTrailing) ? withoutTrailing : undefined;
}

export type Selector =
  | { kind: "latest" }
  | { kind: "version"; version: number; text: string }
  | { kind: "label"; label: string; text: string };

/** Splits `name:3` or `name:label` into the name and what it selects. */
export function splitSelector(raw: string): { name: string; selector: Selector } | undefined {
  const colon = raw.indexOf(":");
  if (colon < 0) return { name: raw, selector: { kind: "latest" } };
  const name = raw.slice(0, colon);
  const rest = raw.slice(colon + 1);
  if (rest === "" || rest.includes(":")) return undefined;
  if (/^\d+$/.test(rest)) return { name, selector: { kind: "version", version: Number(rest), text: `:${rest}` } };
  return { name, selector: { kind: "label", label: rest, text: `:${rest}` } };
}
