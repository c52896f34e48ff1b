/**
 * @module Whether a version falls in an OSV `affected` entry, by OSV's evaluation rules: a listed version is affected;
 * otherwise each ECOSYSTEM or SEMVER range's events, sorted in the ecosystem's order, switch "affected" on at
 * `introduced` and off at `fixed` (from that version), `last_affected` (after it) or `limit`. GIT ranges name commits,
 * which an inventory never holds, so they are left out when the advisory is imported.
 */

export interface RangeEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface AffectedRange {
  type: "ECOSYSTEM" | "SEMVER";
  events: RangeEvent[];
}

export interface AffectedPackage {
  ranges: AffectedRange[];
  versions: string[];
}

export interface Verdict {
  affected: boolean;
  /** The first `fixed` at or after the version, in the range that made it affected: what to upgrade to. */
  fixed?: string;
}

type Compare = (a: string, b: string) => number;

const eventVersion = (e: RangeEvent): string => e.introduced ?? e.fixed ?? e.last_affected ?? e.limit ?? "";

/** `introduced: "0"` means "from the beginning": before every version. */
function compareEvents(compare: Compare): (a: RangeEvent, b: RangeEvent) => number {
  return (a, b) => {
    const x = eventVersion(a);
    const y = eventVersion(b);
    if (x === y) return 0;
    if (a.introduced === "0") return -1;
    if (b.introduced === "0") return 1;
    return compare(x, y);
  };
}

function inRange(version: string, range: AffectedRange, compare: Compare): Verdict {
  const events = [...range.events].sort(compareEvents(compare));
  let affected = false;
  for (const event of events) {
    if (event.introduced !== undefined) {
      if (event.introduced === "0" || compare(version, event.introduced) >= 0) affected = true;
    } else if (event.fixed !== undefined) {
      if (compare(version, event.fixed) >= 0) affected = false;
      else if (affected) return { affected: true, fixed: event.fixed };
    } else if (event.last_affected !== undefined) {
      if (compare(version, event.last_affected) > 0) affected = false;
    } else if (event.limit !== undefined && compare(version, event.limit) >= 0) affected = false;
  }
  return { affected };
}

/** Of two verdicts on one version, the one to report: affected over not, and one that names a fix over one that does not. */
export function worse(found: Verdict, other: Verdict): Verdict {
  return other.affected && (!found.affected || (other.fixed !== undefined && found.fixed === undefined)) ? other : found;
}

/** The verdict on one installed version against one affected package of an advisory. */
export function verdictFor(version: string, affected: AffectedPackage, compare: Compare): Verdict {
  let found: Verdict = { affected: affected.versions.includes(version) };
  for (const range of affected.ranges) found = worse(found, inRange(version, range, compare));
  return found;
}
