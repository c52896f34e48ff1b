import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { entryKeyOf, packageAliasOf } from "./ecosystems.ts";
import { type Advisory, readAdvisory } from "./osv-advisory.ts";

const fixture = (name: string): Advisory => {
  const read = readAdvisory(JSON.parse(readFileSync(new URL(`../../../../test/fixtures/osv/${name}.json`, import.meta.url), "utf8")));
  if (typeof read === "string") throw new Error(read);
  return read;
};

describe("reading OSV advisories", () => {
  it("keeps the id, aliases, severity from the CVSS vector, and each affected package under its match key", () => {
    const log4shell = fixture("GHSA-jfh8-c2jp-5v3q");
    assert.deepEqual(log4shell.aliases, ["CVE-2021-44228"]);
    assert.equal(log4shell.severity, "CRITICAL");
    assert.equal(log4shell.score, 10);
    assert.equal(log4shell.affected.length, 3);
    assert.deepEqual(
      log4shell.affected.map((a) => [a.key, a.name]),
      Array(3).fill(["Maven", "org.apache.logging.log4j:log4j-core"]),
    );
    assert.equal(log4shell.modified, Date.parse("2024-04-11T18:23:05Z"));
  });

  it("names distributions by major release and leaves out what Bosun does not match", () => {
    assert.deepEqual(
      fixture("DSA-5532-1").affected.map((a) => a.key),
      ["Debian:12"],
    );
    assert.equal(fixture("DSA-5532-1").severity, "UNSPECIFIED");
    const usn = fixture("USN-6450-1");
    assert.deepEqual(
      usn.affected.map((a) => a.key),
      ["Ubuntu:22.04"],
      "Ubuntu Pro's fixes reach subscribers only",
    );
    assert.equal(usn.severity, "MEDIUM", "Ubuntu's own word");
    assert.deepEqual(
      fixture("ALSA-2023-7877").affected.map((a) => [a.key, a.name]),
      [
        ["AlmaLinux:9", "openssl"],
        ["AlmaLinux:9", "openssl-libs"],
      ],
    );
    assert.deepEqual(fixture("unsupported").affected, []);
    assert.equal(fixture("GHSA-8q59-q68h-6hv4").affected[0]?.name, "pyyaml", "PyPI names normalized");
    assert.equal(fixture("withdrawn").withdrawn, Date.parse("2024-01-02T00:00:00Z"));
  });

  it("refuses documents that are not advisories, saying why", () => {
    assert.equal(readAdvisory([]), "not a JSON object");
    assert.equal(readAdvisory({ modified: "2024-01-01T00:00:00Z" }), "no valid id");
    assert.equal(readAdvisory({ id: "X-1" }), "X-1: no valid modified time");
    assert.equal(readAdvisory({ id: "X-1", modified: "2024-01-01T00:00:00Z", affected: {} }), "X-1: affected is not a list");
    assert.equal(readAdvisory({ id: "../etc", modified: "2024-01-01T00:00:00Z" }), "no valid id");
  });

  it("gives an entry its match key from its scheme and its node's platform", () => {
    const debian = { platformName: "Debian GNU/Linux", platformVersion: "12" };
    assert.equal(entryKeyOf("dpkg", debian), "Debian:12");
    assert.equal(entryKeyOf("dpkg", { platformName: "Ubuntu", platformVersion: "22.04" }), "Ubuntu:22.04");
    assert.equal(entryKeyOf("rpm", { platformName: "AlmaLinux", platformVersion: "9.3" }), "AlmaLinux:9");
    assert.equal(entryKeyOf("rpm", { platformName: "Rocky Linux", platformVersion: "9.2" }), "Rocky Linux:9");
    assert.equal(entryKeyOf("rpm", debian), undefined, "an rpm on Debian is no distribution's package");
    assert.equal(entryKeyOf("maven", undefined), "Maven");
    assert.equal(entryKeyOf("semver", debian), undefined);
    assert.equal(packageAliasOf("dpkg", { Name: "libssl3", SourcePackage: "openssl" }), "openssl");
    assert.equal(
      packageAliasOf("maven", { Name: "log4j-core", PackageId: "org.apache.logging.log4j:log4j-core" }),
      "org.apache.logging.log4j:log4j-core",
    );
    assert.equal(packageAliasOf("pep440", { Name: "PyYAML" }), "pyyaml");
    assert.equal(packageAliasOf("npm", { Name: "lodash" }), undefined);
  });
});
