import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { asJsonArray, contentLines, type Entry, encodeContent, jsonBytes } from "./item-content.ts";

const entries: Entry[] = [
  { Name: "café", Version: "1.0" },
  { Name: 'multi\nline "quoted"', Summary: "tab\there, emoji 🚀" },
  { Name: "zlib1g", Version: "1:1.2.13.dfsg-1" },
];

describe("item content", () => {
  it("is the entries' JSON, one per line, with byte offsets that slice back to each entry", () => {
    const encoded = encodeContent(entries);
    assert.deepEqual(
      contentLines(encoded.content).map((l) => JSON.parse(l)),
      entries,
    );
    for (const { slice } of encoded.lines) {
      const text = encoded.content.subarray(slice.offset, slice.offset + slice.length).toString("utf8");
      assert.deepEqual(JSON.parse(text), entries[slice.seq]);
    }
  });

  it("gives the JSON array text (for SSM's hash and size) without serializing again", () => {
    for (const list of [entries, [], [{ A: "" }]] as Entry[][]) {
      const encoded = encodeContent(list);
      assert.equal(asJsonArray(encoded).toString("utf8"), JSON.stringify(list));
      assert.equal(jsonBytes(encoded), Buffer.byteLength(JSON.stringify(list)));
    }
    assert.deepEqual(contentLines(encodeContent([]).content), []);
  });
});
