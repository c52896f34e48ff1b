/** @module Decision records stay current: each says whether it stands (accepted) or what replaced it (superseded by NNN). */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

const folder = new URL("../../docs/decisions", import.meta.url).pathname;
const records = readdirSync(folder).filter((f) => /^\d{3}-.*\.md$/.test(f));

describe("decision records", () => {
  it("are numbered without gaps", () => {
    assert.deepEqual(
      records.map((f) => Number(f.slice(0, 3))),
      records.map((_, i) => i + 1),
    );
  });

  it("each carry a status line under the title, naming the records that replace them", () => {
    for (const file of records) {
      const status = /^# .*\n\nStatus: (.*)$/m.exec(readFileSync(join(folder, file), "utf8"))?.[1];
      assert.match(status ?? "", /^(accepted|superseded by|accepted; its .* superseded by)/, `${file}: ${status ?? "no Status line"}`);
      for (const [, target] of (status ?? "").matchAll(/\]\((\d{3}-[^)]+\.md)\)/g))
        assert.ok(existsSync(join(folder, target ?? "")), `${file} names ${target}, which does not exist`);
    }
  });
});
