import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { csvCell, toCsvText } from "./csv.ts";

describe("CSV cells", () => {
  it("neutralise a leading = + - @ tab or CR, so a spreadsheet never runs a cell as a formula", () => {
    for (const hostile of ['=HYPERLINK("http://x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
      assert.ok(csvCell(hostile).replace(/^"/, "").startsWith("'"), hostile);
    assert.equal(csvCell("=1,2"), `"'=1,2"`);
  });

  it("keep plain numbers and ordinary text as they are, quoting only what needs it", () => {
    assert.equal(csvCell("-1"), "-1");
    assert.equal(csvCell("+2.5"), "+2.5");
    assert.equal(csvCell("openssl"), "openssl");
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(toCsvText(["a", "b"], [["1", "x,y"]]), 'a,b\n1,"x,y"\n');
  });
});
