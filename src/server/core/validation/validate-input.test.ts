import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Type } from "@sinclair/typebox";
import { ServiceError } from "../../../protocol/errors/service-error.ts";
import { AwsEnum, AwsInteger, AwsList, AwsString } from "./aws-shapes.ts";
import { InputValidator, memberPath } from "./validate-input.ts";

const validator = new InputValidator(
  Type.Object({
    Name: AwsString({ min: 1, max: 5 }),
    Secret: Type.Optional(AwsString({ max: 3, sensitive: true })),
    Kind: Type.Optional(AwsEnum(["A", "B"] as const)),
    Count: Type.Optional(AwsInteger({ min: 1, max: 10 })),
    Tags: Type.Optional(AwsList(Type.Object({ Key: AwsString({ pattern: "^[\\p{L}]+$" }) }), { max: 2 })),
  }),
);

function failure(input: unknown): ServiceError {
  try {
    validator.validate(input);
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error("expected a validation failure");
}

describe("InputValidator", () => {
  it("returns valid input unchanged", () => {
    assert.deepEqual(validator.validate({ Name: "ok", Kind: "A", Tags: [{ Key: "Ünïcode" }] }), {
      Name: "ok",
      Kind: "A",
      Tags: [{ Key: "Ünïcode" }],
    });
  });

  it("words constraint failures as AWS does, naming the member in camel case", () => {
    assert.equal(
      failure({}).message,
      "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    );
    assert.equal(
      failure({ Name: "toolong" }).message,
      "1 validation error detected: Value 'toolong' at 'name' failed to satisfy constraint: Member must have length less than or equal to 5",
    );
    assert.match(
      failure({ Name: "a", Count: 11 }).message,
      /at 'count' failed to satisfy constraint: Member must have value less than or equal to 10/,
    );
    assert.match(failure({ Name: "a", Kind: "C" }).message, /Member must satisfy enum value set: \[A, B\]/);
    assert.match(
      failure({ Name: "a", Tags: [{ Key: "x1" }] }).message,
      /at 'tags\.1\.member\.key' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
  });

  it("never echoes a sensitive member's value", () => {
    const error = failure({ Name: "a", Secret: "hunter2" });
    assert.equal(error.exception, "ValidationException");
    assert.ok(!error.message.includes("hunter2"));
    assert.match(error.message, /Value at 'secret'/);
  });

  it("reports a wrong JSON type as a SerializationException", () => {
    const error = failure({ Name: 42 });
    assert.equal(error.exception, "SerializationException");
    assert.match(error.message, /'name'/);
  });

  it("maps JSON pointers to AWS member paths", () => {
    assert.equal(memberPath("/ParameterFilters/0/Values/2"), "parameterFilters.1.member.values.3.member");
  });
});

describe("modelRegex", () => {
  it("compiles the model's Java-style patterns: Unicode classes and escaped punctuation", async () => {
    const { modelRegex } = await import("./aws-shapes.ts");
    assert.ok(modelRegex("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$").test("Ünïcode tag"));
    assert.ok(modelRegex("^[\\w\\.\\-\\:\\/ ]*$").test("My Display: name/1"));
    assert.ok(!modelRegex("^[\\w\\.\\-\\:\\/ ]*$").test("bad*"));
  });
});
