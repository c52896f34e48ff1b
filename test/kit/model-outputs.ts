/**
 * @module Every answer the server gives in a test is checked against the service model's output shape (SSM and
 * Organizations): members the model does not have, wrong types (timestamps are epoch seconds), enum values it does
 * not list, missing required members. A wrong answer fails the request (InternalServerError) and so the test that made
 * it; BOSUN_OUTPUT_PROBLEMS names a file that collects every problem. Bosun's own actions have no model.
 */
import { appendFileSync } from "node:fs";
import { type ModelShape, type ServiceModel, serviceModels } from "./service-models.ts";

/** Why a scalar does not fit its shape, or undefined when it does. */
function scalarProblem(shape: ModelShape, shapeName: string, value: unknown): string | undefined {
  switch (shape.type) {
    case "string":
      if (typeof value !== "string") return "not a string";
      // SSM itself answers "" for an unset enum (NotificationConfig.NotificationType of a command without one).
      return shape.enum && value !== "" && !shape.enum.includes(value) ? `not one of ${shapeName}'s values` : undefined;
    case "integer":
    case "long":
      return Number.isInteger(value) ? undefined : "not an integer";
    case "double":
    case "float":
      return typeof value === "number" ? undefined : "not a number";
    case "timestamp":
      return typeof value === "number" ? undefined : "not epoch seconds";
    case "boolean":
      return typeof value === "boolean" ? undefined : "not a boolean";
    case "blob":
      return typeof value === "string" ? undefined : "not base64 text";
    default:
      return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function check(model: ServiceModel, path: string, value: unknown, shapeName: string, problems: string[]): void {
  const shape = model.shapes[shapeName];
  if (!shape || value === undefined || value === null) return;
  const wrong = (what: string) => {
    problems.push(`${path}: ${what} (${JSON.stringify(value)?.slice(0, 80)})`);
  };
  if (shape.type === "structure") {
    if (!isObject(value)) wrong(`not an object for ${shapeName}`);
    else checkStructure(model, path, value, shape, shapeName, problems);
  } else if (shape.type === "list") {
    if (!Array.isArray(value)) wrong("not a list");
    else for (const [i, item] of value.entries()) check(model, `${path}[${i}]`, item, shape.member?.shape ?? "", problems);
  } else if (shape.type === "map") {
    if (!isObject(value)) wrong("not a map");
    else for (const [key, item] of Object.entries(value)) check(model, `${path}{${key}}`, item, shape.value?.shape ?? "", problems);
  } else {
    const problem = scalarProblem(shape, shapeName, value);
    if (problem) wrong(problem);
  }
}

function checkStructure(
  model: ServiceModel,
  path: string,
  value: Record<string, unknown>,
  shape: ModelShape,
  shapeName: string,
  problems: string[],
) {
  const members = shape.members ?? {};
  for (const [name, member] of Object.entries(value)) {
    const declared = members[name];
    if (!declared) problems.push(`${path}.${name}: not a member of ${shapeName}`);
    else check(model, `${path}.${name}`, member, declared.shape, problems);
  }
  for (const name of shape.required ?? []) if (!(name in value)) problems.push(`${path}.${name}: required, missing`);
}

/** What is wrong with an action's answer by its model; nothing for Bosun's own actions. */
export function outputProblems(target: string, name: string, output: object): string[] {
  const model = serviceModels[target];
  const shapeName = model?.operations[name]?.output?.shape;
  if (!model || !shapeName) return [];
  const problems: string[] = [];
  check(model, name, output, shapeName, problems);
  if (problems.length > 0 && process.env.BOSUN_OUTPUT_PROBLEMS)
    appendFileSync(process.env.BOSUN_OUTPUT_PROBLEMS, `${problems.join("\n")}\n`);
  return problems;
}
