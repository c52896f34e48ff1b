import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseWhere, toCsv } from "./inventory-commands.ts";

describe("bosun inventory search's conditions and CSV", () => {
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

  it("quotes CSV cells that need it", () => {
    const csv = toCsv([
      {
        InstanceId: "mi-1",
        ComputerName: "a,b",
        PingStatus: "Online",
        PlatformName: 'say "hi"',
        PlatformVersion: "12",
        Attributes: { Name: "x" },
      },
    ]);
    assert.equal(csv, 'InstanceId,ComputerName,PingStatus,PlatformName,PlatformVersion,Name\nmi-1,"a,b",Online,"say ""hi""",12,x\n');
  });
});
