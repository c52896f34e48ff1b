import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { checkLocalLake, onlySync } from "./query-commands.ts";

let dataDir: string;
before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "bosun-query-"));
  await mkdir(join(dataDir, "buckets", "inventory-lake", "inventory", "AWS:Application"), { recursive: true });
  await mkdir(join(dataDir, "buckets", "flat-lake", "AWS:InstanceInformation"), { recursive: true });
  await mkdir(join(dataDir, "buckets", "command-output", "some-command"), { recursive: true });
});
after(() => rm(dataDir, { recursive: true, force: true }));

describe("bosun query's lake", () => {
  it("accepts a bucket or prefix that holds a lake", async () => {
    await checkLocalLake(dataDir, "flat-lake", undefined);
    await checkLocalLake(dataDir, "inventory-lake", "inventory");
  });

  it("refuses a missing bucket, naming the buckets there", async () => {
    await assert.rejects(
      checkLocalLake(dataDir, "nope", undefined),
      /no bucket nope in .*buckets; the buckets there: command-output, flat-lake, inventory-lake/,
    );
  });

  it("refuses a bucket whose lake is under a prefix, naming the prefix", async () => {
    await assert.rejects(
      checkLocalLake(dataDir, "inventory-lake", undefined),
      /no inventory lake at the top of bucket inventory-lake; there is one under --prefix inventory/,
    );
    await assert.rejects(checkLocalLake(dataDir, "inventory-lake", "wrong"), /under prefix wrong .*--prefix inventory/);
    await assert.rejects(checkLocalLake(dataDir, "command-output", undefined), /no type folders/);
  });

  it("takes the account's one sync when none is named, and lists them otherwise", () => {
    assert.equal(onlySync([{ SyncName: "org", SyncType: "SyncToDestination" }]), "org");
    assert.equal(onlySync([{ SyncName: "org" }, { SyncName: "ops", SyncType: "SyncFromSource" }]), "org");
    assert.throws(() => onlySync([{ SyncName: "a" }, { SyncName: "b" }]), /--sync a or --sync b/);
    assert.throws(() => onlySync([]), /no resource data sync/);
  });
});
