/** @module The stale-build check that guards every test starting bin/bosun (test/kit/bosun-bin.ts). */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { staleBuild } from "../kit/stale-build.ts";

let root = "";
after(() => rm(root, { recursive: true, force: true }));

describe("the stale-build check", () => {
  it("names a source whose build is missing or older, and ignores tests and the console", async () => {
    root = await mkdtemp(join(tmpdir(), "bosun-fresh-"));
    for (const dir of ["src/agent", "src/console", "dist/agent"]) await mkdir(join(root, dir), { recursive: true });
    for (const file of ["src/agent/a.ts", "src/agent/b.ts", "src/agent/a.test.ts", "src/console/page.ts", "dist/agent/a.js"])
      await writeFile(join(root, file), "");
    const past = new Date(Date.now() - 60_000);
    await utimes(join(root, "src/agent/a.ts"), past, past);
    assert.deepEqual(staleBuild(root), ["src/agent/b.ts"], "b was never built; a's build is newer than a");
    await utimes(join(root, "dist/agent/a.js"), new Date(past.getTime() - 60_000), new Date(past.getTime() - 60_000));
    assert.deepEqual(staleBuild(root).sort(), ["src/agent/a.ts", "src/agent/b.ts"]);
  });
});
