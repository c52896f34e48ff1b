/** @module Inventory filter operators on one attribute value: Equal, NotEqual, BeginWith, LessThan, GreaterThan, Exists. */

export type FilterOperator = "Equal" | "NotEqual" | "BeginWith" | "LessThan" | "GreaterThan" | "Exists";

export interface AttributeFilter {
  attribute: string;
  values: string[];
  type: FilterOperator;
  /** Compare as numbers (the attribute's schema type is number). */
  numeric: boolean;
}

const compare = (a: string, b: string, numeric: boolean): number =>
  numeric && a.trim() !== "" && b.trim() !== "" && !Number.isNaN(Number(a)) && !Number.isNaN(Number(b))
    ? Number(a) - Number(b)
    : a < b
      ? -1
      : a > b
        ? 1
        : 0;

/** True when the value passes the filter (several values: any of them). */
export function matchesFilter(value: string | undefined, filter: AttributeFilter): boolean {
  if (filter.type === "Exists") return value !== undefined;
  if (value === undefined) return filter.type === "NotEqual";
  switch (filter.type) {
    case "Equal":
      return filter.values.includes(value);
    case "NotEqual":
      return !filter.values.includes(value);
    case "BeginWith":
      return filter.values.some((v) => value.startsWith(v));
    case "LessThan":
      return filter.values.some((v) => compare(value, v, filter.numeric) < 0);
    case "GreaterThan":
      return filter.values.some((v) => compare(value, v, filter.numeric) > 0);
  }
}
