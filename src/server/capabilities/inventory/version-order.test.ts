import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, it } from "node:test";
import fc from "fast-check";
import { compareDpkg, compareRpm, compareSemverLike, compareVersions, schemeOf } from "./version-order.ts";

const sign = (n: number) => Math.sign(n);

/** rpm's own comparison cases (its test suite, rpmvercmp.at): version, version, the sign rpm.vercmp gives. */
const rpmCases: [string, string, number][] = [
  ["1.0", "1.0", 0],
  ["1.0", "2.0", -1],
  ["2.0", "1.0", 1],
  ["2.0.1", "2.0.1", 0],
  ["2.0", "2.0.1", -1],
  ["2.0.1", "2.0", 1],
  ["2.0.1a", "2.0.1a", 0],
  ["2.0.1a", "2.0.1", 1],
  ["2.0.1", "2.0.1a", -1],
  ["5.5p1", "5.5p1", 0],
  ["5.5p1", "5.5p2", -1],
  ["5.5p2", "5.5p1", 1],
  ["5.5p10", "5.5p10", 0],
  ["5.5p1", "5.5p10", -1],
  ["5.5p10", "5.5p1", 1],
  ["10xyz", "10.1xyz", -1],
  ["10.1xyz", "10xyz", 1],
  ["xyz10", "xyz10", 0],
  ["xyz10", "xyz10.1", -1],
  ["xyz10.1", "xyz10", 1],
  ["xyz.4", "xyz.4", 0],
  ["xyz.4", "8", -1],
  ["8", "xyz.4", 1],
  ["xyz.4", "2", -1],
  ["2", "xyz.4", 1],
  ["5.5p2", "5.6p1", -1],
  ["5.6p1", "5.5p2", 1],
  ["5.6p1", "6.5p1", -1],
  ["6.5p1", "5.6p1", 1],
  ["6.0.rc1", "6.0", 1],
  ["6.0", "6.0.rc1", -1],
  ["10b2", "10a1", 1],
  ["10a2", "10b2", -1],
  ["1.0aa", "1.0aa", 0],
  ["1.0a", "1.0aa", -1],
  ["1.0aa", "1.0a", 1],
  ["10.0001", "10.0001", 0],
  ["10.0001", "10.1", 0],
  ["10.1", "10.0001", 0],
  ["10.0001", "10.0039", -1],
  ["10.0039", "10.0001", 1],
  ["4.999.9", "5.0", -1],
  ["5.0", "4.999.9", 1],
  ["20101121", "20101121", 0],
  ["20101121", "20101122", -1],
  ["20101122", "20101121", 1],
  ["2_0", "2_0", 0],
  ["2.0", "2_0", 0],
  ["2_0", "2.0", 0],
  ["a", "a", 0],
  ["a+", "a+", 0],
  ["a+", "a_", 0],
  ["a_", "a+", 0],
  ["+a", "+a", 0],
  ["+a", "_a", 0],
  ["_a", "+a", 0],
  ["+_", "+_", 0],
  ["_+", "+_", 0],
  ["_+", "_+", 0],
  ["+", "_", 0],
  ["_", "+", 0],
  ["1.0~rc1", "1.0~rc1", 0],
  ["1.0~rc1", "1.0", -1],
  ["1.0", "1.0~rc1", 1],
  ["1.0~rc1", "1.0~rc2", -1],
  ["1.0~rc2", "1.0~rc1", 1],
  ["1.0~rc1~git123", "1.0~rc1~git123", 0],
  ["1.0~rc1~git123", "1.0~rc1", -1],
  ["1.0~rc1", "1.0~rc1~git123", 1],
  ["1.0^", "1.0^", 0],
  ["1.0^", "1.0", 1],
  ["1.0", "1.0^", -1],
  ["1.0^git1", "1.0^git1", 0],
  ["1.0^git1", "1.0", 1],
  ["1.0", "1.0^git1", -1],
  ["1.0^git1", "1.0^git2", -1],
  ["1.0^git2", "1.0^git1", 1],
  ["1.0^git1", "1.01", -1],
  ["1.01", "1.0^git1", 1],
  ["1.0^20160101", "1.0^20160101", 0],
  ["1.0^20160101", "1.0.1", -1],
  ["1.0.1", "1.0^20160101", 1],
  ["1.0^20160101^git1", "1.0^20160101^git1", 0],
  ["1.0^20160102", "1.0^20160101^git1", 1],
  ["1.0^20160101^git1", "1.0^20160102", -1],
  ["1.0~rc1^git1", "1.0~rc1^git1", 0],
  ["1.0~rc1^git1", "1.0~rc1", 1],
  ["1.0~rc1", "1.0~rc1^git1", -1],
  ["1.0^git1~pre", "1.0^git1~pre", 0],
  ["1.0^git1", "1.0^git1~pre", 1],
  ["1.0^git1~pre", "1.0^git1", -1],
];

/** Versions dpkg accepts: an optional epoch, an upstream part starting with a digit, an optional revision. */
const dpkgVersion = fc
  .tuple(
    fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    fc.stringMatching(/^[0-9][0-9a-z.+~]{0,7}$/),
    fc.option(fc.stringMatching(/^[0-9a-z.+~]{1,5}$/), { nil: undefined }),
  )
  .map(
    ([epoch, upstream, revision]) => `${epoch === undefined ? "" : `${epoch}:`}${upstream}${revision === undefined ? "" : `-${revision}`}`,
  );

/** What the real dpkg says: -1, 0 or 1. */
function dpkgSays(a: string, b: string): number {
  const holds = (op: string) => {
    try {
      execFileSync("dpkg", ["--compare-versions", a, op, b], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  };
  return holds("lt") ? -1 : holds("eq") ? 0 : 1;
}

describe("version ordering", () => {
  it("orders dpkg versions as dpkg --compare-versions does", () => {
    assert.equal(sign(compareDpkg("1.0~rc1", "1.0")), -1, "~ sorts before the release");
    assert.equal(sign(compareDpkg("1:1.0", "2.0")), 1, "the epoch wins");
    assert.equal(sign(compareDpkg("2.36.1-8+deb12u1", "2.36.1-8")), 1);
    assert.equal(sign(compareDpkg("1.2.10", "1.2.9")), 1, "numbers, not strings");
    assert.equal(sign(compareDpkg("1.0a", "1.0")), 1);
    assert.equal(sign(compareDpkg("1.0", "1.0-0")), 0);
    assert.equal(sign(compareDpkg("3.0.11-1~deb12u2", "3.0.11-1")), -1);
  });

  it("agrees with the real dpkg --compare-versions on generated versions", {
    skip: existsSync("/usr/bin/dpkg") ? false : "no dpkg here",
  }, () => {
    fc.assert(
      fc.property(dpkgVersion, dpkgVersion, (a, b) => {
        assert.equal(sign(compareDpkg(a, b)), dpkgSays(a, b), `${a} vs ${b}`);
      }),
      { numRuns: 150 },
    );
  });

  it("gives rpm's answer on every case of rpm's own test suite", () => {
    for (const [a, b, expected] of rpmCases) assert.equal(sign(compareRpm(a, b)), expected, `${a} vs ${b}`);
  });

  it("orders rpm versions as rpmvercmp does", () => {
    assert.equal(sign(compareRpm("1.0~rc1", "1.0")), -1);
    assert.equal(sign(compareRpm("1.10", "1.9")), 1);
    assert.equal(sign(compareRpm("1.0a", "1.0")), 1);
    assert.equal(sign(compareRpm("2:1.0", "1:9.9")), 1);
    assert.equal(sign(compareRpm("1.0^git1", "1.0")), 1, "^ sorts after the release");
    assert.equal(sign(compareRpm("1.0-2.el9", "1.0-10.el9")), -1);
    assert.equal(sign(compareRpm("1.0", "1.0-5")), 0, "a release counts only when both have one");
  });

  it("orders semver-like versions with numeric parts and pre-releases", () => {
    assert.equal(sign(compareSemverLike("2.14.1", "2.17")), -1);
    assert.equal(sign(compareSemverLike("2.17.0", "2.17")), 0);
    assert.equal(sign(compareSemverLike("2.9", "2.17")), -1, "not a string compare");
    assert.equal(sign(compareSemverLike("2.0.0-rc1", "2.0.0")), -1);
    assert.equal(sign(compareSemverLike("2.0.0-rc.2", "2.0.0-rc.10")), -1);
    assert.equal(sign(compareSemverLike("v1.2.3", "1.2.3+build5")), 0);
  });

  it("picks the scheme from how the entry was installed", () => {
    assert.equal(schemeOf({ PackageId: "openssl_3.0.11-1_amd64.deb" }), "dpkg");
    assert.equal(schemeOf({ PackageId: "openssl-3.0.7-6.el9.x86_64.rpm" }), "rpm");
    assert.equal(schemeOf({ ApplicationType: "unpackaged/java" }), "semver");
    assert.equal(compareVersions("1.0~rc1", "1.0", "dpkg"), -1);
  });
});
