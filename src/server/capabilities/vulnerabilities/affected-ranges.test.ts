import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareVersions, type VersionScheme } from "../inventory/index.ts";
import { type AffectedPackage, verdictFor } from "./affected-ranges.ts";

const ecosystem = (...events: Record<string, string>[]): AffectedPackage => ({ ranges: [{ type: "ECOSYSTEM", events }], versions: [] });

/** [what, scheme, affected package, version, affected?, fixed version offered] */
const cases: [string, VersionScheme, AffectedPackage, string, boolean, string?][] = [
  ["before introduced", "semver", ecosystem({ introduced: "2.0" }, { fixed: "2.5" }), "1.9", false],
  ["at introduced", "semver", ecosystem({ introduced: "2.0" }, { fixed: "2.5" }), "2.0", true, "2.5"],
  ["inside", "semver", ecosystem({ introduced: "2.0" }, { fixed: "2.5" }), "2.4.9", true, "2.5"],
  ["at fixed", "semver", ecosystem({ introduced: "2.0" }, { fixed: "2.5" }), "2.5", false],
  ["after fixed", "semver", ecosystem({ introduced: "2.0" }, { fixed: "2.5" }), "3.0", false],
  ["introduced 0 means from the start", "semver", ecosystem({ introduced: "0" }, { fixed: "1.0" }), "0.0.1", true, "1.0"],
  ["no fix yet", "semver", ecosystem({ introduced: "1.0" }), "99.0", true],
  ["at last_affected", "semver", ecosystem({ introduced: "0" }, { last_affected: "4.5.0" }), "4.5.0", true],
  ["after last_affected", "semver", ecosystem({ introduced: "0" }, { last_affected: "4.5.0" }), "4.5.1", false],
  ["at limit", "semver", ecosystem({ introduced: "0" }, { limit: "3.0" }), "3.0", false],
  [
    "between two ranges of one list (events unordered)",
    "maven",
    ecosystem({ fixed: "2.3.1" }, { introduced: "2.13.0" }, { introduced: "2.0-beta9" }, { fixed: "2.15.0" }),
    "2.10.0",
    false,
  ],
  [
    "in the second range of one list",
    "maven",
    ecosystem({ introduced: "2.0-beta9" }, { fixed: "2.3.1" }, { introduced: "2.13.0" }, { fixed: "2.15.0" }),
    "2.14.1",
    true,
    "2.15.0",
  ],
  ["a Maven pre-release before its release", "maven", ecosystem({ introduced: "2.0-beta9" }, { fixed: "2.3.1" }), "2.0-beta8", false],
  [
    "Debian's backported fix, older than upstream",
    "dpkg",
    ecosystem({ introduced: "0" }, { fixed: "3.0.11-1~deb12u2" }),
    "3.0.11-1~deb12u2",
    false,
  ],
  [
    "Debian, one revision before the fix",
    "dpkg",
    ecosystem({ introduced: "0" }, { fixed: "3.0.11-1~deb12u2" }),
    "3.0.11-1~deb12u1",
    true,
    "3.0.11-1~deb12u2",
  ],
  [
    "an rpm epoch outranks the version",
    "rpm",
    ecosystem({ introduced: "0" }, { fixed: "1:3.0.7-25.el9_3" }),
    "3.0.9-1.el9",
    true,
    "1:3.0.7-25.el9_3",
  ],
  [
    "an rpm release decides",
    "rpm",
    ecosystem({ introduced: "0" }, { fixed: "1:3.0.7-25.el9_3" }),
    "1:3.0.7-24.el9",
    true,
    "1:3.0.7-25.el9_3",
  ],
  ["PEP 440: a release candidate before the fix", "pep440", ecosystem({ introduced: "0" }, { fixed: "5.4" }), "5.4rc1", true, "5.4"],
  ["PEP 440: a post-release after it", "pep440", ecosystem({ introduced: "0" }, { fixed: "5.4" }), "5.4.post1", false],
  [
    "Go: a pseudo-version before the fix",
    "go",
    ecosystem({ introduced: "0" }, { fixed: "0.3.8" }),
    "v0.0.0-20220315160706-3147a52a75dd",
    true,
    "0.3.8",
  ],
  ["npm: 4.17.20 before 4.17.21", "npm", ecosystem({ introduced: "0" }, { fixed: "4.17.21" }), "4.17.20", true, "4.17.21"],
];

describe("OSV affected ranges", () => {
  for (const [what, scheme, affected, version, expected, fixed] of cases)
    it(what, () => {
      const verdict = verdictFor(version, affected, (a, b) => compareVersions(a, b, scheme));
      assert.equal(verdict.affected, expected);
      assert.equal(verdict.fixed, fixed);
    });

  it("takes a listed version as affected, even outside every range", () => {
    const affected: AffectedPackage = { ranges: [], versions: ["1.2.3", "1.2.4"] };
    const compare = (a: string, b: string) => compareVersions(a, b, "semver");
    assert.equal(verdictFor("1.2.4", affected, compare).affected, true);
    assert.equal(verdictFor("1.2.5", affected, compare).affected, false);
  });
});
