/**
 * @module A document's parameter values between the Run Command form and SendCommand: the form shows a StringList one
 * item per line; SendCommand takes a list of strings per parameter, and only those filled in (defaults apply to the rest).
 */
import type { DocumentParameter } from "@aws-sdk/client-ssm";

export type ParameterValues = Record<string, string>;

export function defaultValues(parameters: readonly DocumentParameter[]): ParameterValues {
  const values: ParameterValues = {};
  for (const p of parameters) {
    const d = p.DefaultValue ?? "";
    // A StringList's default comes as JSON (["a","b"]): show it one item per line.
    if (p.Type === "StringList" && d.startsWith("[")) {
      try {
        values[p.Name ?? ""] = (JSON.parse(d) as string[]).join("\n");
        continue;
      } catch {
        // Not JSON after all: show it as it is.
      }
    }
    values[p.Name ?? ""] = d;
  }
  return values;
}

/** SendCommand's Parameters: only what was filled in, so the document's defaults apply to the rest. */
export function toSendParameters(parameters: readonly DocumentParameter[], values: ParameterValues): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of parameters) {
    const name = p.Name ?? "";
    const value = values[name] ?? "";
    if (value === "") continue;
    out[name] =
      p.Type === "StringList"
        ? value
            .split("\n")
            .map((line) => line.trimEnd())
            .filter((line) => line !== "")
        : [value];
  }
  return out;
}

/** The form's values for parameters a command was sent with (its list of strings per parameter). */
export function fromSentParameters(parameters: readonly DocumentParameter[], sent: Record<string, string[]>): ParameterValues {
  const values: ParameterValues = {};
  for (const p of parameters) {
    const name = p.Name ?? "";
    const list = sent[name];
    if (list === undefined) continue;
    values[name] = p.Type === "StringList" ? list.join("\n") : (list[0] ?? "");
  }
  return values;
}
