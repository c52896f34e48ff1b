import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toJsonText, withReadableTimes } from "./json-output.ts";

describe("the CLI's JSON", () => {
  it("prints epoch-second times as ISO 8601 at any depth, and leaves counts and other numbers alone", () => {
    assert.deepEqual(
      withReadableTimes({
        Accounts: [{ AccountId: "142186358480", CreatedDate: 1796064729.458, Operator: true }],
        Source: { MachineCount: 3, LastRefreshTime: 1796064729, LastStatus: "Successful" },
        Credentials: { Expiration: 1796068329 },
      }),
      {
        Accounts: [{ AccountId: "142186358480", CreatedDate: "2026-11-30T18:52:09.458Z", Operator: true }],
        Source: { MachineCount: 3, LastRefreshTime: "2026-11-30T18:52:09.000Z", LastStatus: "Successful" },
        Credentials: { Expiration: "2026-11-30T19:52:09.000Z" },
      },
    );
  });

  it("keeps a time that is already text, and ends the output with a newline", () => {
    assert.equal(toJsonText({ CreatedDate: "2026-11-30T18:52:09Z" }), '{\n  "CreatedDate": "2026-11-30T18:52:09Z"\n}\n');
  });
});
