import assert from "node:assert/strict";
import { it } from "node:test";
import { fieldErrors } from "./field-errors.ts";

const rules = {
  exceptions: { ParameterAlreadyExists: "name" as const },
  members: [
    ["at 'name'", "name"],
    ["at 'value'", "value"],
  ] as const,
};

it("puts an error at the field its exception or its message names, and the rest on the form", () => {
  assert.deepEqual(fieldErrors({ title: "ParameterAlreadyExists", message: "The parameter already exists." }, rules), {
    name: "The parameter already exists.",
  });
  const atValue = "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must not be null";
  assert.deepEqual(fieldErrors({ title: "ValidationException", message: atValue }, rules), { value: atValue });
  assert.deepEqual(fieldErrors({ title: "ThrottlingException", message: "Rate exceeded" }, rules), {
    form: "ThrottlingException: Rate exceeded",
  });
});
