import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatWhere, parseWhere } from "./search-conditions.ts";

describe("fleet search conditions as text", () => {
  it("reads each operator, lists of values and exists", () => {
    assert.deepEqual(parseWhere("AWS:Application.Version < 2.17"), {
      Key: "AWS:Application.Version",
      Operator: "LessThan",
      Values: ["2.17"],
    });
    assert.deepEqual(parseWhere("tag:env = prod,staging"), { Key: "tag:env", Operator: "Equal", Values: ["prod", "staging"] });
    assert.deepEqual(parseWhere("AWS:Application.Name ^= log4j"), {
      Key: "AWS:Application.Name",
      Operator: "BeginWith",
      Values: ["log4j"],
    });
    assert.deepEqual(parseWhere("PingStatus != Online"), { Key: "PingStatus", Operator: "NotEqual", Values: ["Online"] });
    assert.deepEqual(parseWhere("Custom:Rack.Owner exists"), { Key: "Custom:Rack.Owner", Operator: "Exists", Values: [] });
    assert.throws(() => parseWhere("nonsense"), /cannot read the condition/);
  });

  it("writes a condition back as it is read", () => {
    for (const text of [
      "AWS:Application.Version < 2.17",
      "tag:env = prod,staging",
      "Name ^= log4j",
      "Custom:Rack.Owner exists",
      "PingStatus != Online",
    ])
      assert.equal(formatWhere(parseWhere(text)), text);
  });
});
