import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, it } from "node:test";
import fc from "fast-check";
import { compareMaven } from "./maven-version.ts";
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

const mavenJar = "/usr/share/maven/lib/maven-artifact-3.x.jar";

/** Maven versions: numbers and qualifiers joined by `.` and `-`, with the qualifiers Maven ranks and some it does not. */
const mavenVersion = fc
  .array(
    fc.oneof(
      fc.stringMatching(/^[0-9]{1,2}$/),
      fc.constantFrom("alpha", "a", "beta", "b", "m", "rc", "cr", "SNAPSHOT", "ga", "final", "RELEASE", "sp", "x", "jre"),
    ),
    {
      minLength: 1,
      maxLength: 5,
    },
  )
  .chain((parts) =>
    fc
      .array(fc.constantFrom(".", "-", ""), { minLength: parts.length, maxLength: parts.length })
      .map((joins) => parts.map((part, i) => (i === 0 ? part : `${joins[i]}${part}`)).join("")),
  );

/** What Maven's own ComparableVersion says of each consecutive pair (its main prints `a < b`, `a == b` or `a > b`). */
function mavenSays(versions: string[]): number[] {
  const out = execFileSync("java", ["-cp", mavenJar, "org.apache.maven.artifact.versioning.ComparableVersion", ...versions], {
    encoding: "utf8",
  });
  return [...out.matchAll(/^ {3}\S+ (<|==|>) \S+$/gm)].map((m) => (m[1] === "<" ? -1 : m[1] === "==" ? 0 : 1));
}

/** PEP 440 versions: an optional epoch, a release, and optional pre, post and dev parts. */
const pep440Version = fc
  .tuple(
    fc.option(fc.constantFrom("1!"), { nil: "" }),
    fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 3 }),
    fc.option(fc.constantFrom("a1", "b2", "rc1", "rc10"), { nil: "" }),
    fc.option(fc.constantFrom(".post1", ".post2"), { nil: "" }),
    fc.option(fc.constantFrom(".dev0", ".dev3"), { nil: "" }),
  )
  .map(([epoch, release, pre, post, dev]) => `${epoch}${release.join(".")}${pre}${post}${dev}`);

/** What Python's `packaging` says of each pair. */
function packagingSays(pairs: [string, string][]): number[] {
  const script =
    "import json,sys\nfrom packaging.version import Version as V\nprint(json.dumps([(V(a)>V(b))-(V(a)<V(b)) for a,b in json.load(sys.stdin)]))";
  return JSON.parse(execFileSync("python3", ["-c", script], { input: JSON.stringify(pairs), encoding: "utf8" }));
}

const hasPackaging = (() => {
  try {
    execFileSync("python3", ["-c", "import packaging.version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

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
    assert.equal(schemeOf({ ApplicationType: "unpackaged/java" }), "maven");
    assert.equal(schemeOf({ ApplicationType: "unpackaged/python" }), "pep440");
    assert.equal(schemeOf({ ApplicationType: "unpackaged/node" }), "npm");
    assert.equal(schemeOf({ ApplicationType: "unpackaged/go" }), "go");
    assert.equal(schemeOf({ ApplicationType: "Utilities" }), "semver");
    assert.equal(compareVersions("1.0~rc1", "1.0", "dpkg"), -1);
  });

  it("orders Maven versions as ComparableVersion does", () => {
    const cases: [string, string, number][] = [
      ["2.14.1", "2.15.0", -1],
      ["2.0-beta9", "2.0", -1],
      ["2.0-rc1", "2.0-beta9", 1],
      ["1.0-alpha1", "1.0-a1", 0],
      ["1-SNAPSHOT", "1", -1],
      ["1", "1-sp", -1],
      ["1.0.0", "1", 0],
      ["1-ga", "1", 0],
      ["2.0.0.RELEASE", "2", 0],
      ["1.0.0.x1", "1.0.0-x2", -1],
      ["5.3.18", "5.3.9", 1],
      ["1-jre", "1", 1],
    ];
    for (const [a, b, expected] of cases) assert.equal(sign(compareMaven(a, b)), expected, `${a} vs ${b}`);
    assert.equal(compareVersions("2.17.0", "2.17.1", "maven"), -1);
  });

  it("agrees with Maven's own ComparableVersion on generated versions", {
    skip: existsSync(mavenJar) ? false : "no Maven here",
  }, () => {
    const versions = fc.sample(mavenVersion, { numRuns: 400, seed: 7 });
    const said = mavenSays(versions);
    assert.equal(said.length, versions.length - 1);
    said.forEach((expected, i) => {
      assert.equal(sign(compareMaven(versions[i] as string, versions[i + 1] as string)), expected, `${versions[i]} vs ${versions[i + 1]}`);
    });
  });

  it("orders PEP 440, npm and Go versions by their own rules", () => {
    assert.equal(compareVersions("1.0rc1", "1.0", "pep440"), -1);
    assert.equal(compareVersions("1.0.post1", "1.0", "pep440"), 1);
    assert.equal(compareVersions("1.0.dev0", "1.0a1", "pep440"), -1);
    assert.equal(compareVersions("1!0.5", "2.0", "pep440"), 1, "the epoch wins");
    assert.equal(compareVersions("4.17.20", "4.17.21", "npm"), -1);
    assert.equal(compareVersions("1.0.0-beta.2", "1.0.0-beta.11", "npm"), -1);
    assert.equal(compareVersions("v0.0.0-20220315160706-3147a52a75dd", "0.1.0", "go"), -1, "a pseudo-version before its release");
    assert.equal(compareVersions("v2.3.4+incompatible", "2.3.4", "go"), 0);
  });

  it("agrees with Python's packaging on generated PEP 440 versions", { skip: hasPackaging ? false : "no packaging here" }, () => {
    const pairs = fc.sample(fc.tuple(pep440Version, pep440Version), { numRuns: 300, seed: 11 });
    const said = packagingSays(pairs);
    pairs.forEach(([a, b], i) => {
      assert.equal(compareVersions(a, b, "pep440"), said[i], `${a} vs ${b}`);
    });
  });
});
