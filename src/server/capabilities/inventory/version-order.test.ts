import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareDpkg, compareRpm, compareSemverLike, compareVersions, schemeOf } from "./version-order.ts";

const sign = (n: number) => Math.sign(n);

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
