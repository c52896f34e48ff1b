/**
 * @module Version ordering that is right for each ecosystem, so "Version < 2.17" means what a person means:
 * dpkg (epoch, upstream, revision; `~` sorts before everything), rpm (rpmvercmp: alternating digit and letter
 * segments, `~` and `^`), Maven (ComparableVersion), PEP 440 (Python), semantic versioning (npm, and Go's modules),
 * and semver-like versions elsewhere (numeric parts, a pre-release before its release). The scheme also names the
 * ecosystem of software found outside package managers, which is what vulnerability matching needs.
 */
import * as pep440 from "@renovatebot/pep440";
import semver from "semver";
import { compareMaven } from "./maven-version.ts";

export type VersionScheme = "dpkg" | "rpm" | "maven" | "pep440" | "npm" | "go" | "semver";

/** Software found outside package managers (ApplicationType `unpackaged/<kind>`): the scheme of each kind. */
const unpackagedSchemes: Record<string, VersionScheme> = {
  "unpackaged/java": "maven",
  "unpackaged/python": "pep440",
  "unpackaged/node": "npm",
  "unpackaged/go": "go",
};

/** The scheme an AWS:Application entry's Version follows, from how it was installed. */
export function schemeOf(entry: Record<string, string | undefined>): VersionScheme {
  const id = entry.PackageId ?? "";
  if (id.endsWith(".deb")) return "dpkg";
  if (id.endsWith(".rpm")) return "rpm";
  return unpackagedSchemes[entry.ApplicationType ?? ""] ?? "semver";
}

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const isLetter = (c: string | undefined) => c !== undefined && /[A-Za-z]/.test(c);

/** dpkg's ordering of characters in non-digit parts: `~` first, then the end, then letters, then everything else. */
function dpkgOrder(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === "~") return -1;
  if (isDigit(c)) return 0;
  if (isLetter(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

/** Where the run of characters from `from` that `matches` ends. */
function runEnd(s: string, from: number, matches: (c: string | undefined) => boolean): number {
  let end = from;
  while (end < s.length && matches(s[end])) end++;
  return end;
}

/** Compares two runs of digits as numbers of any length (leading zeros ignored). */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+/, "");
  const y = b.replace(/^0+/, "");
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** dpkg's verrevcmp on one part (upstream or revision): alternate non-digit runs (in dpkgOrder) and digit runs. */
function dpkgPart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const textA = a.slice(
      i,
      runEnd(a, i, (c) => !isDigit(c)),
    );
    const textB = b.slice(
      j,
      runEnd(b, j, (c) => !isDigit(c)),
    );
    for (let k = 0; k < Math.max(textA.length, textB.length); k++) {
      const order = dpkgOrder(textA[k]) - dpkgOrder(textB[k]);
      if (order !== 0) return order;
    }
    i += textA.length;
    j += textB.length;
    const digitsA = a.slice(i, runEnd(a, i, isDigit));
    const digitsB = b.slice(j, runEnd(b, j, isDigit));
    const order = compareDigits(digitsA, digitsB);
    if (order !== 0) return order;
    i += digitsA.length;
    j += digitsB.length;
  }
  return 0;
}

function splitDpkg(version: string): { epoch: number; upstream: string; revision: string } {
  const colon = version.indexOf(":");
  const epoch = colon > 0 && /^\d+$/.test(version.slice(0, colon)) ? Number(version.slice(0, colon)) : 0;
  const rest = colon > 0 && /^\d+$/.test(version.slice(0, colon)) ? version.slice(colon + 1) : version;
  const dash = rest.lastIndexOf("-");
  return dash > 0 ? { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) } : { epoch, upstream: rest, revision: "" };
}

export function compareDpkg(a: string, b: string): number {
  const x = splitDpkg(a);
  const y = splitDpkg(b);
  return x.epoch - y.epoch || dpkgPart(x.upstream, y.upstream) || dpkgPart(x.revision, y.revision);
}

const rpmSignificant = (c: string | undefined) => c !== undefined && /[A-Za-z0-9~^]/.test(c);

/**
 * How `~` and `^` decide between two positions, or undefined when neither is there: `~` sorts before anything (even
 * the end), `^` after the end but before anything else. `step` is true when both hold the same mark.
 */
function rpmMarks(x: string | undefined, y: string | undefined): number | "step" | undefined {
  for (const mark of ["~", "^"] as const) {
    if (x !== mark && y !== mark) continue;
    if (x === mark && y === mark) return "step";
    if (mark === "~") return x === mark ? -1 : 1;
    // One side holds ^: the end sorts before it, anything else after it.
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    return x === mark ? -1 : 1;
  }
  return undefined;
}

/** rpmvercmp on one string (version or release): segments of digits or letters; separators only divide them. */
function rpmPart(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  for (;;) {
    i = runEnd(a, i, (c) => !rpmSignificant(c));
    j = runEnd(b, j, (c) => !rpmSignificant(c));
    const marks = rpmMarks(a[i], b[j]);
    if (marks === "step") {
      i++;
      j++;
      continue;
    }
    if (marks !== undefined) return marks;
    if (i >= a.length || j >= b.length) break;
    // The segment's kind is a's: a number against letters is newer, letters against a number older.
    const numeric = isDigit(a[i]);
    const kind = numeric ? isDigit : isLetter;
    const segmentA = a.slice(i, runEnd(a, i, kind));
    const segmentB = b.slice(j, runEnd(b, j, kind));
    if (segmentB.length === 0) return numeric ? 1 : -1;
    const order = numeric ? compareDigits(segmentA, segmentB) : segmentA < segmentB ? -1 : segmentA > segmentB ? 1 : 0;
    if (order !== 0) return order;
    i += segmentA.length;
    j += segmentB.length;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

/** `epoch:version-release` for rpm; the release only counts when both sides have one. */
export function compareRpm(a: string, b: string): number {
  const parse = (v: string) => {
    const colon = v.indexOf(":");
    const epoch = colon > 0 && /^\d+$/.test(v.slice(0, colon)) ? Number(v.slice(0, colon)) : 0;
    const rest = colon > 0 ? v.slice(colon + 1) : v;
    const dash = rest.lastIndexOf("-");
    return dash > 0 ? { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) } : { epoch, version: rest, release: "" };
  };
  const x = parse(a);
  const y = parse(b);
  return x.epoch - y.epoch || rpmPart(x.version, y.version) || (x.release && y.release ? rpmPart(x.release, y.release) : 0);
}

/** Numeric dot-separated parts; a pre-release (`-rc1`, `-beta`) sorts before its release; build metadata ignored. */
export function compareSemverLike(a: string, b: string): number {
  const parse = (v: string) => {
    const clean = v.trim().replace(/^v/i, "").split("+")[0] ?? "";
    const dash = clean.search(/[-~]/);
    const core = dash >= 0 ? clean.slice(0, dash) : clean;
    const pre = dash >= 0 ? clean.slice(dash + 1) : "";
    return { parts: core.split(/[._]/), pre };
  };
  const x = parse(a);
  const y = parse(b);
  const length = Math.max(x.parts.length, y.parts.length);
  for (let i = 0; i < length; i++) {
    const p = x.parts[i] ?? "0";
    const q = y.parts[i] ?? "0";
    const diff = /^\d+$/.test(p) && /^\d+$/.test(q) ? Number(p) - Number(q) : p.localeCompare(q);
    if (diff !== 0) return diff;
  }
  if (x.pre === y.pre) return 0;
  if (!x.pre) return 1;
  if (!y.pre) return -1;
  const xs = x.pre.split(".");
  const ys = y.pre.split(".");
  for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
    const p = xs[i];
    const q = ys[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const diff = /^\d+$/.test(p) && /^\d+$/.test(q) ? Number(p) - Number(q) : p.localeCompare(q);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * The version vulnerability advisories compare for an entry: a Debian package's source version when it reported one
 * (advisories name source packages, and `gcc` 4:12.2.0-3 comes from gcc-defaults 1.203), else its Epoch and Version;
 * an rpm's Epoch, Version and Release (SSM reports them apart); other entries' Version as it is.
 */
export function matchVersion(entry: Record<string, string | undefined>): string | undefined {
  if (entry.Version === undefined) return undefined;
  const scheme = schemeOf(entry);
  if (scheme === "dpkg" && entry.SourceVersion) return entry.SourceVersion;
  if (scheme !== "dpkg" && scheme !== "rpm") return entry.Version;
  const epoch = entry.Epoch && entry.Epoch !== "0" ? `${entry.Epoch}:` : "";
  const release = scheme === "rpm" && entry.Release ? `-${entry.Release}` : "";
  return `${epoch}${entry.Version}${release}`;
}

/** PEP 440's order; a version that is not PEP 440 falls back to the semver-like order. */
function comparePep440(a: string, b: string): number {
  return pep440.valid(a) && pep440.valid(b) ? pep440.compare(a, b) : compareSemverLike(a, b);
}

/** Semantic versioning (npm; Go modules with or without their `v`); anything else falls back to the semver-like order. */
function compareSemver(a: string, b: string): number {
  const x = semver.valid(a.replace(/^v(?=\d)/, ""), { loose: true });
  const y = semver.valid(b.replace(/^v(?=\d)/, ""), { loose: true });
  return x && y ? semver.compare(x, y) : compareSemverLike(a, b);
}

const comparers: Record<VersionScheme, (a: string, b: string) => number> = {
  dpkg: compareDpkg,
  rpm: compareRpm,
  maven: compareMaven,
  pep440: comparePep440,
  npm: compareSemver,
  go: compareSemver,
  semver: compareSemverLike,
};

export function compareVersions(a: string, b: string, scheme: VersionScheme): number {
  return Math.sign((comparers[scheme] ?? compareSemverLike)(a, b));
}
