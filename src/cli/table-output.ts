/** @module Output shared by the CLI's listing commands: aligned text tables and CSV. */
export { toCsvText } from "../protocol/csv.ts";

/** Columns padded to their widest cell (60 characters at most); `rule` adds a line of dashes under the header. */
export function toTableText(header: readonly string[], lines: readonly string[][], rule = false): string {
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length))));
  const format = (line: readonly string[]) =>
    line
      // The last column is never cut: nothing stands to its right, and it is often a message worth reading whole.
      .map((cell, i) => (i === line.length - 1 ? cell : cell.slice(0, widths[i]).padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const top = rule ? [format(header), format(widths.map((w) => "-".repeat(w)))] : [format(header)];
  return `${[...top, ...lines.map(format)].join("\n")}\n`;
}
