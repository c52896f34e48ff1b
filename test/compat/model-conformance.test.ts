/**
 * @module Each SSM and Organizations action's input schema matches its service model: members, required, lengths,
 * ranges, enums, patterns; and every answer a test server gives is checked against the model's output shape.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { TSchema } from "@sinclair/typebox";
import { outputProblems } from "../kit/model-outputs.ts";
import { type ServiceModel, serviceModels } from "../kit/service-models.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

/** Where Bosun is deliberately stricter than the model, and why. */
const stricter: Record<string, string> = {
  "PutParameter.Value.minLength": "SSM refuses an empty value although the model sets no minimum",
};

let t: TestServer;
let shapes: ServiceModel["shapes"];
let operations: ServiceModel["operations"];

function compare(path: string, schema: Record<string, unknown>, shapeName: string, problems: string[]): void {
  const shape = shapes[shapeName];
  if (!shape) return;
  // A recursive shape (GetInventory's nested Aggregators) refers back to itself: its first level was compared.
  if (typeof schema.$ref === "string") return;
  // A member Bosun refuses as unsupported (AwsUnsupported) is declared, not modelled.
  if (schema.bosunUnsupported === true) return;
  const expect = (key: string, actual: unknown, wanted: unknown) => {
    if (actual !== wanted && !stricter[`${path}.${key}`])
      problems.push(`${path}: ${key} is ${String(actual)}, the model says ${String(wanted)}`);
  };
  if (shape.type === "structure") {
    const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
    const members = shape.members ?? {};
    for (const name of Object.keys(members)) if (!properties[name]) problems.push(`${path}: member ${name} is missing`);
    for (const name of Object.keys(properties)) if (!members[name]) problems.push(`${path}: member ${name} is not in the model`);
    const required = new Set((schema.required as string[] | undefined) ?? []);
    for (const name of Object.keys(members))
      if ((shape.required ?? []).includes(name) !== required.has(name)) problems.push(`${path}.${name}: required differs`);
    for (const [name, member] of Object.entries(members))
      if (properties[name]) compare(`${path}.${name}`, properties[name], member.shape, problems);
  } else if (shape.type === "string") {
    expect("type", schema.type, "string");
    expect("minLength", schema.minLength, shape.min);
    expect("maxLength", schema.maxLength, shape.max);
    expect("pattern", schema.awsPattern, shape.pattern);
    expect("enum", JSON.stringify(schema.awsEnum), JSON.stringify(shape.enum));
  } else if (shape.type === "integer" || shape.type === "long") {
    expect("type", schema.type, "integer");
    expect("minimum", schema.minimum, shape.min);
    expect("maximum", schema.maximum, shape.max);
  } else if (shape.type === "boolean") {
    expect("type", schema.type, "boolean");
  } else if (shape.type === "list") {
    expect("type", schema.type, "array");
    expect("minItems", schema.minItems, shape.min);
    expect("maxItems", schema.maxItems, shape.max);
    if (shape.member) compare(`${path}[]`, schema.items as Record<string, unknown>, shape.member.shape, problems);
  }
}

describe("service model conformance", () => {
  before(async () => {
    ({ shapes, operations } = serviceModels.AmazonSSM as ServiceModel);
    t = await startTestServer();
  });
  after(() => t?.close());

  it("declares every AmazonSSM action's input exactly as the model constrains it", () => {
    const ssmActions = t.server.actions.filter((a) => a.target === "AmazonSSM");
    assert.ok(ssmActions.length >= 13);
    assert.deepEqual(problemsOf(ssmActions), []);
  });

  it("declares every AWSOrganizationsV20161128 action's input exactly as the Organizations model constrains it", () => {
    ({ shapes, operations } = serviceModels.AWSOrganizationsV20161128 as ServiceModel);
    const organizationsActions = t.server.actions.filter((a) => a.target === "AWSOrganizationsV20161128");
    assert.equal(organizationsActions.length, 12);
    assert.deepEqual(problemsOf(organizationsActions), []);
  });
});

function problemsOf(actions: { name: string; input: unknown }[]): string[] {
  const problems: string[] = [];
  for (const action of actions) {
    const operation = operations[action.name];
    const input = operation?.input?.shape;
    // An operation without input (DescribeOrganization) takes an empty object.
    if (operation && !input) {
      const properties = Object.keys((action.input as { properties?: object }).properties ?? {});
      if (properties.length > 0) problems.push(`${action.name} takes no input, but declares ${properties.join(", ")}`);
      continue;
    }
    if (!input) {
      problems.push(`${action.name} is not an operation of the model`);
      continue;
    }
    compare(action.name, action.input as TSchema as Record<string, unknown>, input, problems);
  }
  return problems;
}

describe("service model conformance of answers", () => {
  // Every test server checks every answer it gives (test/kit/model-outputs.ts): a wrong one fails its request, and so
  // the test that made it. These cases show the check sees what it must.
  it("flags members the model lacks, wrong types, unknown enum values and missing required members", () => {
    assert.deepEqual(outputProblems("AmazonSSM", "GetParameter", { Parameter: { Name: "/a", Version: 1, Type: "String" } }), []);
    assert.deepEqual(outputProblems("AmazonSSM", "GetParameter", { Parameter: { Name: 1, Color: "red", Type: "Plain" } }), [
      "GetParameter.Parameter.Name: not a string (1)",
      "GetParameter.Parameter.Color: not a member of Parameter",
      `GetParameter.Parameter.Type: not one of ParameterType's values ("Plain")`,
    ]);
    assert.deepEqual(outputProblems("AmazonSSM", "ListCommands", { Commands: [{ RequestedDateTime: "2026-11-30" }] }), [
      `ListCommands.Commands[0].RequestedDateTime: not epoch seconds ("2026-11-30")`,
    ]);
    assert.deepEqual(outputProblems("AWSOrganizationsV20161128", "DescribeOrganization", { Organization: { Id: ["o-1"] } }), [
      `DescribeOrganization.Organization.Id: not a string (["o-1"])`,
    ]);
    assert.deepEqual(outputProblems("Bosun", "SearchInventory", { Anything: true }), [], "Bosun's own actions have no model");
  });
});
