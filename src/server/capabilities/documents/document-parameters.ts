/**
 * @module Command parameters against a document: checked (names, types, allowed values and patterns, lengths),
 * defaults filled in — all before any node sees them — and then rendered into the steps an agent runs.
 */
import { RE2JS } from "re2js";
import { ServiceError } from "../../../protocol/errors/service-error.ts";
import type { ParameterDefinition, PlatformType } from "./document-content.ts";
import { renderScriptLines } from "./script-rendering.ts";

/** SendCommand's Parameters: each name has a list of values. */
export type ParameterValues = Record<string, string[]>;

const invalid = (message: string) => new ServiceError("InvalidParameters", message);

function checkValues(name: string, definition: ParameterDefinition, values: string[]): void {
  const single = definition.type !== "StringList" && definition.type !== "MapList";
  if (single && values.length !== 1) throw invalid(`Parameter ${name} takes exactly one value.`);
  if (definition.minItems !== undefined && values.length < definition.minItems)
    throw invalid(`Parameter ${name} needs at least ${definition.minItems} values.`);
  if (definition.maxItems !== undefined && values.length > definition.maxItems)
    throw invalid(`Parameter ${name} takes at most ${definition.maxItems} values.`);
  const pattern = definition.allowedPattern === undefined ? undefined : RE2JS.compile(definition.allowedPattern);
  for (const value of values) {
    if (definition.type === "Boolean" && value !== "true" && value !== "false") throw invalid(`Parameter ${name} must be true or false.`);
    if (definition.type === "Integer" && !/^-?\d+$/.test(value)) throw invalid(`Parameter ${name} must be an integer.`);
    if (definition.allowedValues && !definition.allowedValues.includes(value)) {
      throw invalid(`Parameter ${name} must be one of: ${definition.allowedValues.join(", ")}.`);
    }
    if (pattern && !pattern.matcher(value).matches())
      throw invalid(`Parameter ${name} does not match its allowed pattern ${definition.allowedPattern}.`);
    if (definition.minChars !== undefined && value.length < definition.minChars)
      throw invalid(`Parameter ${name} needs at least ${definition.minChars} characters.`);
    if (definition.maxChars !== undefined && value.length > definition.maxChars)
      throw invalid(`Parameter ${name} takes at most ${definition.maxChars} characters.`);
  }
}

function defaultValues(definition: ParameterDefinition): string[] | undefined {
  if (definition.default === undefined) return undefined;
  if (Array.isArray(definition.default)) return definition.default.map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
  return [typeof definition.default === "string" ? definition.default : JSON.stringify(definition.default)];
}

/** The values a command runs with; throws InvalidParameters (the SSM error) for anything the document does not allow. */
export function resolveParameters(definitions: Record<string, ParameterDefinition>, given: ParameterValues = {}): ParameterValues {
  for (const name of Object.keys(given)) {
    if (!(name in definitions)) throw invalid(`Parameter ${name} is not defined in the document.`);
  }
  const values: ParameterValues = {};
  for (const [name, definition] of Object.entries(definitions)) {
    const chosen = given[name] ?? defaultValues(definition);
    if (chosen === undefined) throw invalid(`Parameter ${name} is required.`);
    checkValues(name, definition, chosen);
    values[name] = chosen;
  }
  return values;
}

export interface RenderedStep {
  name: string;
  action: string;
  /** The script, one line per entry. */
  runCommand: string[];
  /** The values the script's references expand (`BOSUN_PARAM_1`, ...), set for the step's process. */
  environment?: Record<string, string>;
  workingDirectory: string;
  timeoutSeconds: number;
  /** The platform the step is limited to, when the document says so. */
  platformType?: PlatformType;
  /** A non-script plugin's inputs as text (aws:softwareInventory). */
  inputs?: Record<string, string>;
}

/** Plugins whose inputs are a script; the others get their inputs rendered as text. */
const scriptPlugins = new Set(["aws:runShellScript", "aws:runPowerShellScript"]);

const reference = /\{\{\s*([^}\s]+)\s*\}\}/g;
export const defaultTimeoutSeconds = 3600;

export type SsmLookup = (name: string) => Promise<string>;

async function lookupValues(name: string, values: ParameterValues, lookupSsm: SsmLookup): Promise<string[]> {
  return name.startsWith("ssm:") ? [await lookupSsm(name.slice(4))] : (values[name] ?? []);
}

/**
 * Replaces references in plain (non-script) text, such as a working directory, in one pass: a value is never read
 * again as a template.
 */
async function renderText(text: string, values: ParameterValues, lookupSsm: SsmLookup): Promise<string> {
  const parts: string[] = [];
  let last = 0;
  for (const match of text.matchAll(reference)) {
    parts.push(text.slice(last, match.index), (await lookupValues(match[1] ?? "", values, lookupSsm)).join(","));
    last = (match.index ?? 0) + match[0].length;
  }
  parts.push(text.slice(last));
  return parts.join("");
}

const asLines = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : value === undefined ? [] : String(value).split("\n");

/** The steps of a Command document (schema 2.x mainSteps or 1.2 runtimeConfig), rendered with the values. */
export async function renderCommandSteps(
  body: Record<string, unknown>,
  values: ParameterValues,
  lookupSsm: SsmLookup,
): Promise<RenderedStep[]> {
  const raw: { name: string; action: string; inputs: Record<string, unknown>; precondition?: { StringEquals?: unknown[] } }[] =
    Array.isArray(body.mainSteps)
      ? (body.mainSteps as never[])
      : Object.entries((body.runtimeConfig ?? {}) as Record<string, { properties?: Record<string, unknown>[] }>).flatMap(
          ([action, config]) =>
            (config.properties ?? []).map((inputs, i) => ({ name: `${action.replace("aws:", "")}${i === 0 ? "" : i}`, action, inputs })),
        );
  const steps: RenderedStep[] = [];
  for (const step of raw) {
    const timeout = Number(await renderText(String(step.inputs.timeoutSeconds ?? defaultTimeoutSeconds), values, lookupSsm));
    if (!Number.isInteger(timeout) || timeout < 5 || timeout > 172_800)
      throw invalid(`Step ${step.name}: the execution timeout must be 5 to 172800 seconds.`);
    const platform = step.precondition?.StringEquals?.[1];
    if (!scriptPlugins.has(step.action)) {
      const inputs: Record<string, string> = {};
      for (const [key, value] of Object.entries(step.inputs))
        if (key !== "timeoutSeconds")
          inputs[key] = await renderText(typeof value === "string" ? value : JSON.stringify(value), values, lookupSsm);
      steps.push({ name: step.name, action: step.action, runCommand: [], workingDirectory: "", timeoutSeconds: timeout, inputs });
      continue;
    }
    const script = await renderScriptLines(asLines(step.inputs.runCommand), step.action, (name) => lookupValues(name, values, lookupSsm));
    steps.push({
      name: step.name,
      action: step.action,
      runCommand: script.lines,
      ...(Object.keys(script.environment).length > 0 ? { environment: script.environment } : {}),
      workingDirectory: await renderText(String(step.inputs.workingDirectory ?? ""), values, lookupSsm),
      timeoutSeconds: timeout,
      ...(platform ? { platformType: platform as PlatformType } : {}),
    });
  }
  return steps;
}
