import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { installService, unitName } from "./install-service.ts";

describe("installService", () => {
  it("writes the shipped unit with this installation's paths, and enables nothing outside the system folder", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bosun-unit-"));
    try {
      const result = await installService({ bosunPath: "/opt/bosun/bin/bosun", stateDir: "/var/lib/bosun/agent", unitDir: dir });
      assert.equal(result.enabled, false);
      assert.equal(result.unitPath, join(dir, unitName));
      const unit = await readFile(result.unitPath, "utf8");
      assert.match(unit, /^ExecStart=\/opt\/bosun\/bin\/bosun agent run --state-dir \/var\/lib\/bosun\/agent$/m);
      assert.match(unit, /^Restart=always$/m);
      assert.match(unit, /^WantedBy=multi-user.target$/m);
      assert.doesNotMatch(unit, /@[A-Z_]+@/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
