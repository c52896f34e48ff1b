/**
 * @module Where an OSV ecosystem meets a node's inventory. An advisory's ecosystem (`Debian:12`, `Ubuntu:22.04:LTS`,
 * `AlmaLinux:9`, `Maven`, `PyPI`, ...) becomes a match key and the version scheme its versions follow; an inventory
 * entry gets the same key from its scheme and, for a distribution's packages, from the node's platform. Packages are
 * named as the advisory names them: a Debian or Ubuntu advisory names the source package, a Maven one
 * `groupId:artifactId`, a PyPI one the normalized project name.
 */
import type { VersionScheme } from "../inventory/index.ts";

export interface Ecosystem {
  /** What advisories and entries are matched on, with the package name: `Debian:12`, `Maven`, ... */
  key: string;
  scheme: VersionScheme;
}

/** Distributions whose OSV ecosystem is `<prefix>:<major release>`, and how their nodes report the platform. */
const distributions: { prefix: string; scheme: VersionScheme; platform: RegExp; release: (version: string) => string }[] = [
  { prefix: "Ubuntu", scheme: "dpkg", platform: /ubuntu/i, release: (v) => /^\d+\.\d+/.exec(v)?.[0] ?? v },
  { prefix: "Debian", scheme: "dpkg", platform: /debian/i, release: (v) => /^\d+/.exec(v)?.[0] ?? v },
  { prefix: "AlmaLinux", scheme: "rpm", platform: /alma/i, release: (v) => /^\d+/.exec(v)?.[0] ?? v },
  { prefix: "Rocky Linux", scheme: "rpm", platform: /rocky/i, release: (v) => /^\d+/.exec(v)?.[0] ?? v },
  { prefix: "Red Hat", scheme: "rpm", platform: /red hat|rhel/i, release: (v) => /^\d+/.exec(v)?.[0] ?? v },
];

const languages: Record<string, VersionScheme> = { Maven: "maven", PyPI: "pep440", npm: "npm", Go: "go" };
const languageOfScheme = new Map(Object.entries(languages).map(([key, scheme]) => [scheme, key]));

/**
 * The match key of an OSV ecosystem, or undefined for one Bosun does not match: other ecosystems, a distribution
 * without a release, and Ubuntu Pro (fixes only subscribers receive).
 */
export function ecosystemOf(osv: string): Ecosystem | undefined {
  const language = languages[osv];
  if (language) return { key: osv, scheme: language };
  const parts = osv.split(":");
  const distribution = distributions.find((d) => d.prefix === parts[0]);
  if (!distribution || parts[1] === "Pro") return undefined;
  // Red Hat's ecosystems read `Red Hat:enterprise_linux:9::appstream`: the release is the first number.
  const release = parts.slice(1).find((part) => /^\d+(\.\d+)?$/.test(part));
  if (!release) return undefined;
  return { key: `${distribution.prefix}:${distribution.release(release)}`, scheme: distribution.scheme };
}

/** The platform a node reports (AWS:InstanceInformation's PlatformName and PlatformVersion). */
export interface NodePlatform {
  platformName: string | null;
  platformVersion: string | null;
}

/** The match key of an inventory entry of `scheme` on a node, or undefined when nothing can be matched to it. */
export function entryKeyOf(scheme: VersionScheme | null, platform: NodePlatform | undefined): string | undefined {
  if (scheme === null) return undefined;
  const language = languageOfScheme.get(scheme);
  if (language) return language;
  if (scheme !== "dpkg" && scheme !== "rpm") return undefined;
  const name = platform?.platformName ?? "";
  const distribution = distributions.find((d) => d.scheme === scheme && d.platform.test(name));
  if (!distribution || !platform?.platformVersion) return undefined;
  return `${distribution.prefix}:${distribution.release(platform.platformVersion)}`;
}

/** The scheme of a match key's versions. */
export function schemeOfKey(key: string): VersionScheme | undefined {
  return languages[key] ?? distributions.find((d) => key.startsWith(`${d.prefix}:`))?.scheme;
}

/** PEP 503's normalized project name: lower case, runs of `-`, `_` and `.` as one `-`. */
export const normalizePyPI = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, "-");

/** A package's name as advisories of its key name it. */
export function advisoryName(key: string, name: string): string {
  return key === "PyPI" ? normalizePyPI(name) : name;
}

/**
 * The package an inventory entry is, as advisories name it, when that differs from its Name: a Debian binary
 * package's source (`SourcePackage`), a JAR's `groupId:artifactId` (its PackageId), a Python distribution's
 * normalized name. Undefined when the Name is the advisory name.
 */
export function packageAliasOf(scheme: VersionScheme, entry: Record<string, string | undefined>): string | undefined {
  const name = entry.Name;
  if (!name) return undefined;
  let alias: string | undefined;
  if (scheme === "dpkg") alias = entry.SourcePackage;
  else if (scheme === "maven") alias = entry.PackageId?.split(":").length === 2 ? entry.PackageId : undefined;
  else if (scheme === "pep440") alias = normalizePyPI(name);
  return alias && alias !== name ? alias : undefined;
}
