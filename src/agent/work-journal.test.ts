import assert from "node:assert/strict";
import { mkdtemp, rm, stat, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { WorkJournal } from "./work-journal.ts";

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "bosun-journal-"));
});
after(() => rm(dir, { recursive: true, force: true }));

describe("WorkJournal", () => {
  it("lets an invocation be claimed once, ever", async () => {
    const journal = new WorkJournal(join(dir, "once"));
    await journal.open();
    assert.equal(await journal.claim("cmd-1:mi-0123456789abcdef0"), "new");
    assert.equal(await journal.claim("cmd-1:mi-0123456789abcdef0"), "claimed");
    assert.equal((await stat(join(dir, "once"))).mode & 0o777, 0o700);
  });

  it("lets only one of many concurrent claims win", async () => {
    const journal = new WorkJournal(join(dir, "race"));
    await journal.open();
    const states = await Promise.all(Array.from({ length: 20 }, () => journal.claim("racing")));
    assert.equal(states.filter((s) => s === "new").length, 1);
  });

  it("answers a finished invocation with its recorded result", async () => {
    const journal = new WorkJournal(join(dir, "done"));
    await journal.open();
    await journal.claim("job");
    await journal.finish("job", { status: "Success", responseCode: 0 });
    assert.equal(await journal.claim("job"), "done");
    assert.deepEqual(await journal.result("job"), { status: "Success", responseCode: 0 });
  });

  it("survives a restart: a claim without a result is an interrupted run", async () => {
    const path = join(dir, "restart");
    const before = new WorkJournal(path);
    await before.open();
    await before.claim("finished");
    await before.finish("finished", { status: "Success" });
    await before.claim("a:interrupted");
    const afterRestart = new WorkJournal(path);
    assert.deepEqual(await afterRestart.unfinished(), ["a:interrupted"]);
    assert.equal(await afterRestart.claim("a:interrupted"), "claimed");
  });

  it("refuses ids that could escape its folder", async () => {
    const journal = new WorkJournal(join(dir, "ids"));
    await journal.open();
    await assert.rejects(journal.claim("../etc/passwd"), /invalid work id/);
    await assert.rejects(journal.claim(""), /invalid work id/);
  });

  it("prunes old finished entries only", async () => {
    const path = join(dir, "prune");
    const journal = new WorkJournal(path);
    await journal.open();
    await journal.claim("old");
    await journal.finish("old", {});
    await journal.claim("running");
    const longAgo = new Date(Date.now() - 10 * 86_400_000);
    await utimes(join(path, "old.result"), longAgo, longAgo);
    assert.equal(await journal.prune(86_400_000), 1);
    assert.equal(await journal.claim("old"), "new", "a pruned id is forgotten");
    assert.deepEqual((await journal.unfinished()).sort(), ["old", "running"], "both are claimed and unfinished now");
  });
});
