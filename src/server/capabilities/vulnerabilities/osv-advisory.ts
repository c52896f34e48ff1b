/**
 * @module An OSV advisory (the OSV schema, as osv.dev publishes its dumps) read into what Bosun stores: its id, aliases,
 * times, summary, severity, and the affected packages of the ecosystems Bosun matches, each under its match key.
 * Anything else in the file (GIT ranges, other ecosystems, credits) is left out; a document that is not an advisory
 * is refused with the reason.
 */
import type { AffectedRange, RangeEvent } from "./affected-ranges.ts";
import { cvss3BaseScore, ratingOf, type SeverityLevel } from "./cvss.ts";
import { advisoryName, ecosystemOf } from "./ecosystems.ts";

export interface AffectedEntry {
  /** The match key (`Debian:12`, `Maven`, ...). */
  key: string;
  /** The package as the advisory names it (PyPI names normalized). */
  name: string;
  /** The ecosystem as the advisory wrote it. */
  ecosystem: string;
  ranges: AffectedRange[];
  versions: string[];
}

export interface Advisory {
  id: string;
  aliases: string[];
  /** Epoch milliseconds. */
  modified: number;
  published?: number;
  withdrawn?: number;
  summary: string;
  severity: SeverityLevel;
  /** The CVSS base score the severity came from, when there was one. */
  score?: number;
  references: string[];
  affected: AffectedEntry[];
}

/** The longest summary kept (OSV's summary is a line; some advisories put a page there). */
const maxSummary = 500;
const maxReferences = 20;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);

function time(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** GitHub's and others' words for severity, as compliance names it. */
const words: Record<string, SeverityLevel> = {
  CRITICAL: "CRITICAL",
  HIGH: "HIGH",
  IMPORTANT: "HIGH",
  MODERATE: "MEDIUM",
  MEDIUM: "MEDIUM",
  LOW: "LOW",
  NEGLIGIBLE: "INFORMATIONAL",
  UNIMPORTANT: "INFORMATIONAL",
};

/** The severity: from a CVSS v3 vector when there is one, else the advisory's own word (GHSA, Ubuntu, Red Hat, ...). */
function severityOf(doc: Record<string, unknown>): { severity: SeverityLevel; score?: number } {
  const entries = [
    ...(Array.isArray(doc.severity) ? doc.severity : []),
    ...(Array.isArray(doc.affected) ? doc.affected.flatMap((a) => (isObject(a) && Array.isArray(a.severity) ? a.severity : [])) : []),
  ].filter(isObject);
  for (const entry of entries) {
    const score = typeof entry.score === "string" && String(entry.type).startsWith("CVSS_V3") ? cvss3BaseScore(entry.score) : undefined;
    if (score !== undefined) return { severity: ratingOf(score), score };
  }
  const specific = isObject(doc.database_specific) ? doc.database_specific.severity : undefined;
  const word = [specific, ...entries.map((e) => e.score)].find((w) => typeof w === "string" && words[w.toUpperCase()]);
  return { severity: typeof word === "string" ? (words[word.toUpperCase()] as SeverityLevel) : "UNSPECIFIED" };
}

function rangeOf(value: unknown): AffectedRange | undefined {
  if (!isObject(value) || (value.type !== "ECOSYSTEM" && value.type !== "SEMVER") || !Array.isArray(value.events)) return undefined;
  const events: RangeEvent[] = [];
  for (const event of value.events) {
    if (!isObject(event)) continue;
    for (const kind of ["introduced", "fixed", "last_affected", "limit"] as const)
      if (typeof event[kind] === "string") events.push({ [kind]: event[kind] });
  }
  return events.length > 0 ? { type: value.type, events } : undefined;
}

function affectedOf(value: unknown): AffectedEntry | undefined {
  if (!isObject(value) || !isObject(value.package)) return undefined;
  const { ecosystem, name } = value.package;
  if (typeof ecosystem !== "string" || typeof name !== "string" || name === "") return undefined;
  const match = ecosystemOf(ecosystem);
  if (!match) return undefined;
  const ranges = (Array.isArray(value.ranges) ? value.ranges : []).map(rangeOf).filter((r): r is AffectedRange => r !== undefined);
  const versions = strings(value.versions);
  if (ranges.length === 0 && versions.length === 0) return undefined;
  return { key: match.key, name: advisoryName(match.key, name), ecosystem, ranges, versions };
}

/** The advisory in an OSV document, or the reason it is not one. */
export function readAdvisory(doc: unknown): Advisory | string {
  if (!isObject(doc)) return "not a JSON object";
  const { id } = doc;
  if (typeof id !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/.test(id)) return "no valid id";
  const modified = time(doc.modified);
  if (modified === undefined) return `${id}: no valid modified time`;
  if (doc.affected !== undefined && !Array.isArray(doc.affected)) return `${id}: affected is not a list`;
  const summary = (typeof doc.summary === "string" ? doc.summary : typeof doc.details === "string" ? doc.details : "").trim();
  const references = (Array.isArray(doc.references) ? doc.references : [])
    .map((r) => (isObject(r) && typeof r.url === "string" ? r.url : undefined))
    .filter((u): u is string => u !== undefined)
    .slice(0, maxReferences);
  const published = time(doc.published);
  const withdrawn = time(doc.withdrawn);
  return {
    id,
    aliases: strings(doc.aliases).filter((a) => a !== id),
    modified,
    ...(published !== undefined ? { published } : {}),
    ...(withdrawn !== undefined ? { withdrawn } : {}),
    summary: summary.split("\n")[0]?.slice(0, maxSummary) ?? "",
    ...severityOf(doc),
    references,
    affected: (Array.isArray(doc.affected) ? doc.affected : []).map(affectedOf).filter((a): a is AffectedEntry => a !== undefined),
  };
}
