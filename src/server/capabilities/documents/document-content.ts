/** @module Document content: parsed from JSON or YAML, checked for its type and schema, and what it declares. */
import { RE2JS } from "re2js";
import { parse as parseYaml, stringify as toYaml } from "yaml";
import { InvalidDocumentContent, InvalidDocumentSchemaVersion } from "../../../protocol/errors/errors.ts";

export type DocumentFormat = "JSON" | "YAML" | "TEXT";
export type PlatformType = "Windows" | "Linux" | "MacOS";

export interface ParameterDefinition {
  type: "String" | "StringList" | "Boolean" | "Integer" | "MapList" | "StringMap";
  description?: string;
  default?: unknown;
  allowedValues?: string[];
  allowedPattern?: string;
  minItems?: number;
  maxItems?: number;
  minChars?: number;
  maxChars?: number;
}

export interface ParsedDocument {
  schemaVersion: string;
  description?: string;
  parameters: Record<string, ParameterDefinition>;
  platformTypes: PlatformType[];
}

/** The plugins Bosun's agent runs, and where each can run. */
export const commandPlugins: Record<string, PlatformType[]> = {
  "aws:runShellScript": ["Linux", "MacOS"],
  "aws:runPowerShellScript": ["Windows", "Linux", "MacOS"],
  "aws:softwareInventory": ["Windows", "Linux", "MacOS"],
  "aws:runPatchBaseline": ["Windows", "Linux", "MacOS"],
};

const parameterTypes = ["String", "StringList", "Boolean", "Integer", "MapList", "StringMap"];
const schemaVersions: Record<string, string[]> = { Command: ["1.2", "2.0", "2.2"], Automation: ["0.3"], Session: ["1.0"] };

const invalid = (why: string): never => {
  throw new InvalidDocumentContent(`The document content is not valid: ${why}`);
};

/** Parses content in its format into an object (TEXT documents are kept as text). */
export function parseContent(content: string, format: DocumentFormat): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = format === "YAML" ? parseYaml(content) : format === "JSON" ? JSON.parse(content) : undefined;
  } catch (error) {
    invalid(`it is not valid ${format} (${error instanceof Error ? error.message.split("\n")[0] : "parse error"})`);
  }
  if (format === "TEXT") return {};
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) invalid("the top level must be an object");
  return parsed as Record<string, unknown>;
}

/** The content in another format: JSON ⇄ YAML. */
export function convertContent(content: string, from: DocumentFormat, to: DocumentFormat): string {
  if (from === to || from === "TEXT" || to === "TEXT") return content;
  const body = parseContent(content, from);
  return to === "YAML" ? toYaml(body) : JSON.stringify(body, null, 2);
}

function checkParameter(name: string, raw: unknown): ParameterDefinition {
  if (!/^[a-zA-Z0-9_]+$/.test(name)) invalid(`parameter name ${name} may hold only letters, digits and _`);
  if (!raw || typeof raw !== "object") invalid(`parameter ${name} must be an object`);
  const definition = raw as ParameterDefinition;
  if (!parameterTypes.includes(definition.type))
    invalid(`parameter ${name} has type ${String(definition.type)}; use one of ${parameterTypes.join(", ")}`);
  const allowedValues = definition.allowedValues === undefined ? undefined : typedAllowedValues(name, definition);
  if (definition.allowedPattern !== undefined) {
    try {
      RE2JS.compile(String(definition.allowedPattern));
    } catch {
      invalid(`allowedPattern of ${name} is not a valid regular expression`);
    }
  }
  return { ...definition, ...(allowedValues ? { allowedValues } : {}) };
}

/**
 * allowedValues as SSM takes them, typed by the parameter's type (`[1, 2, 3]` for an Integer, `[true, false]` for a
 * Boolean, strings otherwise, quoted or not), kept as the strings a command's values are compared with.
 */
function typedAllowedValues(name: string, definition: ParameterDefinition): string[] {
  const raw: unknown = definition.allowedValues;
  if (!Array.isArray(raw)) return invalid(`allowedValues of ${name} must be a list`);
  const fits = (v: unknown): boolean => {
    if (definition.type === "Integer")
      return (typeof v === "number" && Number.isInteger(v)) || (typeof v === "string" && /^-?\d+$/.test(v));
    if (definition.type === "Boolean") return typeof v === "boolean" || v === "true" || v === "false";
    return typeof v === "string";
  };
  const wrong = raw.find((v) => !fits(v));
  if (wrong !== undefined) invalid(`allowedValues of ${name} must be ${definition.type} values; ${JSON.stringify(wrong)} is not`);
  return raw.map((v) => String(v));
}

function checkPrecondition(step: Record<string, unknown>, platforms: PlatformType[]): PlatformType[] {
  if (step.precondition === undefined) return platforms;
  const equals = (step.precondition as { StringEquals?: unknown[] }).StringEquals;
  if (
    !Array.isArray(equals) ||
    equals.length !== 2 ||
    equals[0] !== "platformType" ||
    !["Windows", "Linux", "MacOS"].includes(String(equals[1]))
  ) {
    invalid(`step ${String(step.name)}: precondition must be {"StringEquals": ["platformType", "Linux" | "Windows" | "MacOS"]}`);
  }
  return platforms.filter((p) => p === equals?.[1]);
}

/** Command 2.x: mainSteps of known plugins with unique names; 1.2: runtimeConfig keyed by plugin. */
function commandPlatforms(body: Record<string, unknown>, schemaVersion: string): PlatformType[] {
  const found = new Set<PlatformType>();
  if (schemaVersion === "1.2") {
    const config = body.runtimeConfig;
    if (!config || typeof config !== "object") invalid("schema 1.2 needs a runtimeConfig object");
    for (const plugin of Object.keys(config as object)) {
      const platforms = commandPlugins[plugin] ?? invalid(`unknown plugin ${plugin}`);
      for (const p of platforms) found.add(p);
    }
    return [...found];
  }
  const steps = body.mainSteps;
  if (!Array.isArray(steps) || steps.length === 0) invalid(`schema ${schemaVersion} needs a non-empty mainSteps list`);
  const names = new Set<string>();
  for (const step of steps as Record<string, unknown>[]) {
    const name = String(step?.name ?? "");
    if (!/^[a-zA-Z0-9_.-]{1,100}$/.test(name)) invalid("every step needs a name of letters, digits, _, - and .");
    // A step's name is a segment of its output's key in a bucket: `.` and `..` would leave the command's folder.
    if (name === "." || name === "..") invalid("a step may not be named . or ..");
    if (names.has(name)) invalid(`step name ${name} is used twice`);
    names.add(name);
    const platforms = commandPlugins[String(step.action)] ?? invalid(`step ${name} uses unknown action ${String(step.action)}`);
    if (!step.inputs || typeof step.inputs !== "object") invalid(`step ${name} needs an inputs object`);
    for (const p of checkPrecondition(step, platforms)) found.add(p);
  }
  return [...found];
}

/** Every `{{ name }}` in the content must be a declared parameter (or an `ssm:` Parameter Store reference). */
function checkReferences(body: Record<string, unknown>, parameters: Record<string, ParameterDefinition>): void {
  const text = JSON.stringify({ ...body, parameters: undefined });
  for (const match of text.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)) {
    const name = match[1] ?? "";
    if (!name.startsWith("ssm:") && !(name in parameters)) invalid(`{{ ${name} }} refers to no declared parameter`);
  }
}

export const sessionTypes = ["Standard_Stream", "InteractiveCommands", "NonInteractiveCommands", "Port"] as const;

/** A Session document names its session type; its inputs and properties are objects (the agent reads them). */
function checkSessionBody(body: Record<string, unknown>): void {
  if (!(sessionTypes as readonly unknown[]).includes(body.sessionType)) invalid(`sessionType must be one of ${sessionTypes.join(", ")}`);
  for (const key of ["inputs", "properties"] as const) {
    const value = body[key];
    if (value !== undefined && (typeof value !== "object" || value === null || Array.isArray(value))) invalid(`${key} must be an object`);
  }
}

/** Checks the body for its document type; returns what DescribeDocument shows of it. */
export function checkDocument(documentType: string, body: Record<string, unknown>, format: DocumentFormat): ParsedDocument {
  if (format === "TEXT") return { schemaVersion: "1.0", parameters: {}, platformTypes: [] };
  const schemaVersion = typeof body.schemaVersion === "number" ? body.schemaVersion.toFixed(1) : String(body.schemaVersion ?? "");
  if (!/^\d+\.\d+$/.test(schemaVersion)) invalid("schemaVersion is missing");
  const supported = schemaVersions[documentType];
  if (supported && !supported.includes(schemaVersion)) {
    throw new InvalidDocumentSchemaVersion(
      `Schema version ${schemaVersion} is not supported for ${documentType} documents; use ${supported.join(", ")}.`,
    );
  }
  const rawParameters = body.parameters ?? {};
  if (typeof rawParameters !== "object" || Array.isArray(rawParameters)) invalid("parameters must be an object");
  const parameters = Object.fromEntries(Object.entries(rawParameters as object).map(([name, raw]) => [name, checkParameter(name, raw)]));
  checkReferences(body, parameters);
  if (documentType === "Session") checkSessionBody(body);
  const platformTypes =
    documentType === "Command" ? commandPlatforms(body, schemaVersion) : (["Windows", "Linux", "MacOS"] as PlatformType[]);
  return {
    schemaVersion,
    ...(typeof body.description === "string" ? { description: body.description } : {}),
    parameters,
    platformTypes,
  };
}
