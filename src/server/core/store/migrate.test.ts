import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { droppedElsewhere } from "./migrate.ts";

describe("migrations meeting another server's dropped schema", () => {
  it("looks again when the catalog lookup names another schema or one of its tables", () => {
    assert.equal(droppedElsewhere(new Error('schema "t_other" does not exist'), "t_mine"), true);
    assert.equal(droppedElsewhere(new Error('relation "t_other.machine_sources" does not exist'), "t_mine"), true);
  });

  it("fails on what is about its own schema, or on any other error", () => {
    assert.equal(droppedElsewhere(new Error('schema "t_mine" does not exist'), "t_mine"), false);
    assert.equal(droppedElsewhere(new Error('relation "t_mine.machine_sources" does not exist'), "t_mine"), false);
    assert.equal(droppedElsewhere(new Error('relation "machine_sources" does not exist'), "t_mine"), false);
    assert.equal(droppedElsewhere(new Error("syntax error at or near"), "t_mine"), false);
  });
});
