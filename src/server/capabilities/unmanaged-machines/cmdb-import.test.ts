/** Unit tests of reading a CMDB's machine list (CSV and JSON) and of every way a list is refused. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CmdbFormatError, parseCmdb } from "./cmdb-import.ts";

describe("CMDB lists", () => {
  it("reads CSV with loose header names, quoted cells and a default Region", () => {
    const csv = 'Machine ID,Host-Name,IP Address,Status,Name\nsrv-1,"web-1.corp",10.0.0.1,Active,"Web, primary"\nsrv-2,db-1,,retired,\n';
    assert.deepEqual(parseCmdb(csv, "CSV", "eu-west-1"), [
      {
        machine_id: "srv-1",
        region: "eu-west-1",
        state: "running",
        name: "Web, primary",
        hostname: "web-1.corp",
        private_ip: "10.0.0.1",
        public_ip: null,
        platform: null,
      },
      {
        machine_id: "srv-2",
        region: "eu-west-1",
        state: "terminated",
        name: null,
        hostname: "db-1",
        private_ip: null,
        public_ip: null,
        platform: null,
      },
    ]);
  });
  it("reads a JSON array of objects", () => {
    const [m] = parseCmdb(JSON.stringify([{ id: "mi-1", region: "us-west-2", state: "stopped", os: "Ubuntu" }]), "JSON");
    assert.deepEqual([m?.machine_id, m?.region, m?.state, m?.platform], ["mi-1", "us-west-2", "stopped", "Ubuntu"]);
  });
  it("refuses what it cannot read, saying which machine", () => {
    const refused = (content: string, format: "CSV" | "JSON", pattern: RegExp, region?: string) =>
      assert.throws(
        () => parseCmdb(content, format, region),
        (e: unknown) => e instanceof CmdbFormatError && pattern.test(e.message),
      );
    refused("name\nweb\n", "CSV", /Machine 1 has no id/, "us-east-1");
    refused("id\nweb\n", "CSV", /no valid region/);
    refused("id,region\nweb,mars-1\n", "CSV", /no valid region/);
    refused("id,state\nweb,exploded\n", "CSV", /unknown state "exploded"/, "us-east-1");
    refused("id\nweb\nweb\n", "CSV", /listed twice/, "us-east-1");
    refused('id,name\n"unclosed,x\n', "CSV", /cannot be read/, "us-east-1");
    refused("{", "JSON", /not valid JSON/);
    refused('{"id":"x"}', "JSON", /array of objects/);
    refused("[1]", "JSON", /array of objects/);
  });
});
