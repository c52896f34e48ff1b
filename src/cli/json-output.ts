/**
 * @module JSON as the CLI prints it. The API sends times as epoch seconds (AWS JSON 1.1), which nobody reads; the CLI
 * prints them as ISO 8601, as the AWS CLI does, and numbers stay numbers.
 */

/** Keys that hold a time in Bosun's and SSM's shapes: CreatedDate, LastSyncTime, LastRefreshTime, Expiration, … */
const timeKey = /(Date|Time|Timestamp|Expiration)$/;

/** A copy of an API answer with every time field (epoch seconds) as an ISO 8601 string. */
export function withReadableTimes(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) return value.map((item) => withReadableTimes(item));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withReadableTimes(v, k)]));
  if (typeof value === "number" && timeKey.test(key) && Number.isFinite(value)) return new Date(value * 1000).toISOString();
  return value;
}

/** Indented JSON with readable times, ending in a newline. */
export const toJsonText = (value: unknown): string => `${JSON.stringify(withReadableTimes(value), null, 2)}\n`;
