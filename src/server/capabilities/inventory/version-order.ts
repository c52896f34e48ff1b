/**
 * @module Version ordering that is right for each ecosystem, so "Version < 2.17" means what a person means:
 * dpkg (epoch, upstream, revision; `~` sorts before everything), rpm (rpmvercmp: alternating digit and letter
 * segments, `~` and `^`), and semver-like versions elsewhere (numeric parts, a pre-release before its release).
 */

export type VersionScheme = "dpkg" | "rpm" | "semver";

/** The scheme an AWS:Application entry's Version follows, from how it was installed. */
export function schemeOf(entry: Record<string, string | undefined>): VersionScheme {
  const id = entry.PackageId ?? "";
  if (id.endsWith(".deb")) return "dpkg";
  if (id.endsWith(".rpm")) return "rpm";
  return "semver";
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

/** dpkg's verrevcmp on one part (upstream or revision). */
function dpkgPart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let first = 0;
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const ac = dpkgOrder(i < a.length ? a[i] : undefined);
      const bc = dpkgOrder(j < b.length ? b[j] : undefined);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a[i] === "0") i++;
    while (b[j] === "0") j++;
    while (isDigit(a[i]) && isDigit(b[j])) {
      if (!first) first = (a.charCodeAt(i) ?? 0) - (b.charCodeAt(j) ?? 0);
      i++;
      j++;
    }
    if (isDigit(a[i])) return 1;
    if (isDigit(b[j])) return -1;
    if (first) return first;
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

/** rpmvercmp on one string (version or release). */
function rpmPart(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && !/[A-Za-z0-9~^]/.test(a[i] ?? "")) i++;
    while (j < b.length && !/[A-Za-z0-9~^]/.test(b[j] ?? "")) j++;
    if (a[i] === "~" || b[j] === "~") {
      if (a[i] !== "~") return 1;
      if (b[j] !== "~") return -1;
      i++;
      j++;
      continue;
    }
    if (a[i] === "^" || b[j] === "^") {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== "^") return 1;
      if (b[j] !== "^") return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = isDigit(a[i]);
    const take = (s: string, k: number) => {
      let end = k;
      while (end < s.length && (numeric ? isDigit(s[end]) : isLetter(s[end]))) end++;
      return end;
    };
    const ai = take(a, i);
    const bj = take(b, j);
    const sa = a.slice(i, ai);
    const sb = b.slice(j, bj);
    if (sb.length === 0) return numeric ? 1 : -1;
    if (numeric) {
      const na = sa.replace(/^0+/, "");
      const nb = sb.replace(/^0+/, "");
      if (na.length !== nb.length) return na.length - nb.length;
      if (na !== nb) return na < nb ? -1 : 1;
    } else if (sa !== sb) return sa < sb ? -1 : 1;
    i = ai;
    j = bj;
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

export function compareVersions(a: string, b: string, scheme: VersionScheme): number {
  const result = scheme === "dpkg" ? compareDpkg(a, b) : scheme === "rpm" ? compareRpm(a, b) : compareSemverLike(a, b);
  return Math.sign(result);
}
