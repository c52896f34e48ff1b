/** @module CSV export of what a table shows: a header row, then one row per item (the CLI's CSV rules). */
import { toCsvText } from "../protocol/csv.ts";

export function toCsv(columns: readonly { id: string; header: string }[], rows: readonly Record<string, string | undefined>[]): string {
  return toCsvText(
    columns.map((c) => c.header),
    rows.map((row) => columns.map((c) => row[c.id] ?? "")),
  );
}

/** Hands the text to the browser as a file download. */
export function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}
