/** @module CSV export of what a table shows: a header row, then one row per item; cells quoted when they need it. */
const cell = (value: string): string => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

export function toCsv(columns: readonly { id: string; header: string }[], rows: readonly Record<string, string | undefined>[]): string {
  return `${[columns.map((c) => cell(c.header)), ...rows.map((row) => columns.map((c) => cell(row[c.id] ?? "")))].map((l) => l.join(",")).join("\n")}\n`;
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
