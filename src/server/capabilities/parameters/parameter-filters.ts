/** @module ParameterStringFilter and the legacy ParametersFilter: validated as SSM does, then matched against rows. */
import { InvalidFilterKey, InvalidFilterOption, InvalidFilterValue, ValidationException } from "../../../protocol/errors/errors.ts";
import { readPath } from "./parameter-names.ts";
import type { ParameterRow } from "./parameter-store.ts";

export interface StringFilterInput {
  Key: string;
  Option?: string;
  Values?: string[];
}

export interface Filter {
  key: string;
  option: string;
  values: string[];
}

/**
 * The options each key takes (the model's ParameterStringFilter: Equals and BeginsWith everywhere, Contains for Name,
 * OneLevel and Recursive for Path, Equals only for Label) and, where the set is closed, its values (for Equals).
 */
const optionsByKey: Record<string, { options: string[]; values?: string[] }> = {
  Name: { options: ["Equals", "BeginsWith", "Contains"] },
  Type: { options: ["Equals", "BeginsWith"], values: ["String", "StringList", "SecureString"] },
  KeyId: { options: ["Equals", "BeginsWith"] },
  Path: { options: ["OneLevel", "Recursive"] },
  Tier: { options: ["Equals", "BeginsWith"], values: ["Standard", "Advanced", "Intelligent-Tiering"] },
  Label: { options: ["Equals"] },
  DataType: { options: ["Equals", "BeginsWith"], values: ["text", "aws:ec2:image", "aws:ssm:integration"] },
  tag: { options: ["Equals", "BeginsWith"] },
};

/** SSM's words for a Path filter that is not a path (docs/aws-error-wording.md). */
const pathRequirements =
  'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/". ' +
  'It can\'t be prefixed with "aws" or "ssm" (case-insensitive). It must use only letters, numbers, or the following symbols: ' +
  ". (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the " +
  'forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.';

/** The keys an action takes, and how SSM lists them when it refuses another (its own wording, not the full set). */
export interface FilterKeys {
  allowed: readonly string[];
  listed: string;
}

export const describeParametersKeys: FilterKeys = {
  allowed: ["Name", "Type", "KeyId", "Path", "Tier", "DataType", "tag"],
  listed: "[Path, Name, Type, KeyId, Tier]",
};
export const parametersByPathKeys: FilterKeys = { allowed: ["Type", "KeyId", "Label"], listed: "[Type, KeyId]" };

/** The options SSM names when it refuses one: in its own order (docs/aws-error-wording.md). */
const optionsListed = (family: string): string =>
  family === "Path"
    ? "Recursive, OneLevel"
    : family === "Name"
      ? "BeginsWith, Equals, Contains"
      : family === "Label"
        ? "Equals"
        : "BeginsWith, Equals";

/** Checks filters against the keys an action allows; throws InvalidFilterKey/Option/Value in SSM's words. */
export function validateFilters(filters: readonly StringFilterInput[] | undefined, keys: FilterKeys): Filter[] {
  const seen = new Set<string>();
  return (filters ?? []).map((filter) => {
    const family = filter.Key.startsWith("tag:") ? "tag" : filter.Key;
    const rules = optionsByKey[family];
    if (!rules || !keys.allowed.includes(family)) {
      throw new InvalidFilterKey(`The following filter key is not valid: ${filter.Key}. Valid filter keys include: ${keys.listed}.`);
    }
    if (seen.has(filter.Key))
      throw new InvalidFilterKey(
        `The following filter is duplicated in the request: ${filter.Key}. A request can contain only one occurrence of a specific filter.`,
      );
    seen.add(filter.Key);
    const option = filter.Option ?? rules.options[0] ?? "Equals";
    if (!rules.options.includes(option)) {
      throw new InvalidFilterOption(
        `The following filter option is not valid: ${option}. Valid options include: [${optionsListed(family)}].`,
      );
    }
    const values = filter.Values ?? [];
    if (values.length === 0 && family !== "tag")
      throw new InvalidFilterValue(`The following filter values are missing : null for filter key ${filter.Key}.`);
    if (family === "Path" && values.some((v) => /^\/?(aws|ssm)/i.test(v)))
      throw new ValidationException(
        'Filters for common parameters can\'t be prefixed with "aws" or "ssm" (case-insensitive). When using global parameters, please specify within a global namespace.',
      );
    if (family === "Path" && values.some((v) => readPath(v) === undefined)) throw new ValidationException(pathRequirements);
    const closed = rules.values && option === "Equals" ? rules.values : undefined;
    const bad = closed ? values.find((v) => !closed.includes(v)) : undefined;
    if (bad !== undefined && closed)
      throw new InvalidFilterValue(`The following filter value is not valid: ${bad}. Valid values include: [${closed.join(", ")}].`);
    return { key: filter.Key, option, values: family === "Path" ? values.map((v) => readPath(v) ?? v) : values };
  });
}

/** The legacy `Filters` member (keys Name, Type, KeyId); Name matches names that begin with a value. */
export function legacyFilters(filters: readonly { Key: string; Values: string[] }[] | undefined): Filter[] {
  return (filters ?? []).map((f) => ({ key: f.Key, option: f.Key === "Name" ? "BeginsWith" : "Equals", values: f.Values }));
}

export function rejectBothFilterKinds(legacy: unknown[] | undefined, current: unknown[] | undefined): void {
  if (legacy && legacy.length > 0 && current && current.length > 0) {
    throw new ValidationException("You can use either Filters or ParameterFilters in a single request.");
  }
}

/** Precomputed sets for filters that need other tables (labels, tags). */
export interface FilterLookups {
  labelled: Map<string, Set<string>>;
  tagged: Map<string, Set<string>>;
}

function nameMatches(option: string, value: string, row: ParameterRow): boolean {
  const names = [row.name, `/${row.name_key}`, row.name_key];
  if (option === "Equals") return names.includes(value);
  if (option === "BeginsWith") return names.some((n) => n.startsWith(value));
  return row.name.includes(value);
}

function pathMatches(option: string, path: string, row: ParameterRow): boolean {
  if (option === "OneLevel") return row.parent_path === path;
  return path === "/" || row.name_key.startsWith(`${path.slice(1)}/`);
}

/** Equals or BeginsWith one of the filter's values. */
export const valueMatches = (filter: Filter, actual: string): boolean =>
  filter.values.some((v) => (filter.option === "BeginsWith" ? actual.startsWith(v) : actual === v));

/** True when the row passes every filter (values within a filter are alternatives). */
export function matchesFilters(row: ParameterRow, filters: readonly Filter[], lookups: FilterLookups): boolean {
  return filters.every((filter) => {
    if (filter.key.startsWith("tag:")) return lookups.tagged.get(filter.key)?.has(row.name_key) ?? false;
    switch (filter.key) {
      case "Name":
        return filter.values.some((v) => nameMatches(filter.option, v, row));
      case "Path":
        return filter.values.some((v) => pathMatches(filter.option, v, row));
      case "Type":
        return valueMatches(filter, row.type);
      case "KeyId":
        return row.type === "SecureString" && valueMatches(filter, row.key_id ?? "");
      case "Tier":
        return valueMatches(filter, row.tier);
      case "DataType":
        return valueMatches(filter, row.data_type);
      case "Label":
        return filter.values.some((label) => lookups.labelled.get(label)?.has(row.name_key) ?? false);
      default:
        return false;
    }
  });
}
