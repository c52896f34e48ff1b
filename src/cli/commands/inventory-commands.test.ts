import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toCsv } from "./inventory-commands.ts";

describe("bosun inventory search's CSV", () => {
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
