/**
 * @module CVSS v3.0/v3.1 base scores from a vector string (`CVSS:3.1/AV:N/AC:L/...`), by the formula of FIRST's
 * specification (section 7), and the qualitative rating of a score. OSV carries vectors, not scores.
 */

const weights = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

/** Privileges Required weighs more when the scope changes. */
const privileges = { U: { N: 0.85, L: 0.62, H: 0.27 }, C: { N: 0.85, L: 0.68, H: 0.5 } } as const;

/** CVSS's Roundup: the smallest number with one decimal that is at least the input (integer arithmetic, as 3.1 says). */
function roundUp(value: number): number {
  const scaled = Math.round(value * 100000);
  return scaled % 10000 === 0 ? scaled / 100000 : (Math.floor(scaled / 10000) + 1) / 10;
}

/** The base score of a CVSS v3 vector, or undefined when the vector is not one. */
export function cvss3BaseScore(vector: string): number | undefined {
  const parts = vector.trim().split("/");
  if (!/^CVSS:3\.[01]$/.test(parts[0] ?? "")) return undefined;
  const metric: Record<string, string> = {};
  for (const part of parts.slice(1)) {
    const [key, value] = part.split(":");
    if (key && value) metric[key] = value;
  }
  const pick = <T extends Record<string, number>>(table: T, key: string | undefined): number | undefined =>
    key !== undefined && key in table ? table[key as keyof T] : undefined;
  const scope = metric.S === "C" || metric.S === "U" ? metric.S : undefined;
  const av = pick(weights.AV, metric.AV);
  const ac = pick(weights.AC, metric.AC);
  const ui = pick(weights.UI, metric.UI);
  const pr = scope ? pick(privileges[scope], metric.PR) : undefined;
  const [c, i, a] = [metric.C, metric.I, metric.A].map((m) => pick(weights.CIA, m));
  if (!scope || av === undefined || ac === undefined || ui === undefined || pr === undefined) return undefined;
  if (c === undefined || i === undefined || a === undefined) return undefined;
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = scope === "U" ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15;
  if (impact <= 0) return 0;
  const exploitability = 8.22 * av * ac * pr * ui;
  return scope === "U" ? roundUp(Math.min(impact + exploitability, 10)) : roundUp(Math.min(1.08 * (impact + exploitability), 10));
}

export type SeverityLevel = "CRITICAL" | "HIGH" | "MEDIUM" | "LOW" | "INFORMATIONAL" | "UNSPECIFIED";

/** CVSS v3's qualitative rating of a base score (0 is None, which compliance calls INFORMATIONAL). */
export function ratingOf(score: number): SeverityLevel {
  if (score >= 9) return "CRITICAL";
  if (score >= 7) return "HIGH";
  if (score >= 4) return "MEDIUM";
  if (score > 0) return "LOW";
  return "INFORMATIONAL";
}
