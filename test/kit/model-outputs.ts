/**
 * @module Every answer the server gives in a test is checked against the service model's output shape (SSM and
 * Organizations): members the model does not have, wrong types (timestamps are epoch seconds), enum values it does
 * not list, missing required members. A wrong answer fails the request (InternalServerError) and so the test that made
 * it; BOSUN_OUTPUT_PROBLEMS names a file that collects every problem. Bosun's own actions have no model.
 */
import { appendFileSync, readFileSync } from "node:fs";

interface Shape {
  type: string;
  members?: Record<string, { shape: string }>;
  required?: string[];
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  enum?: string[];
}
interface Model {
  shapes: Record<string, Shape>;
  operations: Record<string, { output?: { shape: string } }>;
}

const load = (file: string): Model =>
  JSON.parse(readFileSync(new URL(`../../docs/reference/aws-models/${file}`, import.meta.url), "utf8")) as Model;
const models: Record<string, Model> = {
  AmazonSSM: load("ssm.service-2.json"),
  AWSOrganizationsV20161128: load("organizations.service-2.json"),
};

function check(model: Model, path: string, value: unknown, shapeName: string, problems: string[]): void {
  const shape = model.shapes[shapeName];
  if (!shape || value === undefined || value === null) return;
  const wrong = (what: string) => problems.push(`${path}: ${what} (${JSON.stringify(value)?.slice(0, 80)})`);
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object" || Array.isArray(value)) return wrong(`not an object for ${shapeName}`);
      const members = shape.members ?? {};
      for (const [name, member] of Object.entries(value as Record<string, unknown>)) {
        const declared = members[name];
        if (!declared) problems.push(`${path}.${name}: not a member of ${shapeName}`);
        else check(model, `${path}.${name}`, member, declared.shape, problems);
      }
      for (const name of shape.required ?? []) if (!(name in (value as object))) problems.push(`${path}.${name}: required, missing`);
      return;
    }
    case "list":
      if (!Array.isArray(value)) return wrong("not a list");
      value.forEach((item, i) => check(model, `${path}[${i}]`, item, shape.member?.shape ?? "", problems));
      return;
    case "map":
      if (typeof value !== "object" || Array.isArray(value)) return wrong("not a map");
      for (const [key, item] of Object.entries(value as Record<string, unknown>))
        check(model, `${path}{${key}}`, item, shape.value?.shape ?? "", problems);
      return;
    case "string":
      if (typeof value !== "string") return wrong("not a string");
      // SSM itself answers "" for an unset enum (NotificationConfig.NotificationType of a command without one).
      if (shape.enum && value !== "" && !shape.enum.includes(value)) wrong(`not one of ${shapeName}'s values`);
      return;
    case "integer":
    case "long":
      if (!Number.isInteger(value)) wrong("not an integer");
      return;
    case "double":
    case "float":
    case "timestamp":
      if (typeof value !== "number") wrong(shape.type === "timestamp" ? "not epoch seconds" : "not a number");
      return;
    case "boolean":
      if (typeof value !== "boolean") wrong("not a boolean");
      return;
    case "blob":
      if (typeof value !== "string") wrong("not base64 text");
      return;
  }
}

/** What is wrong with an action's answer by its model; nothing for Bosun's own actions. */
export function outputProblems(target: string, name: string, output: object): string[] {
  const model = models[target];
  const shapeName = model?.operations[name]?.output?.shape;
  if (!model || !shapeName) return [];
  const problems: string[] = [];
  check(model, name, output, shapeName, problems);
  if (problems.length > 0 && process.env.BOSUN_OUTPUT_PROBLEMS)
    appendFileSync(process.env.BOSUN_OUTPUT_PROBLEMS, `${problems.join("\n")}\n`);
  return problems;
}
