/** @module CSV text as the CLI prints it and the console exports it: a header row, then rows; cells quoted when needed. */

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return first) gets a leading
 * `'`, as OWASP advises, so fleet data (a hostname, a tag, a package name an agent reported) cannot become code in the
 * spreadsheet that opens the export. A plain number such as `-1` stays as it is.
 */
function neutralized(value: string): string {
  if (!/^[=+\-@\t\r]/.test(value) || /^[-+]?\d+(\.\d+)?$/.test(value)) return value;
  return `'${value}`;
}

export const csvCell = (raw: string): string => {
  const value = neutralized(raw);
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
};

export const toCsvText = (header: readonly string[], lines: readonly (readonly string[])[]): string =>
  `${[header, ...lines].map((line) => line.map(csvCell).join(",")).join("\n")}\n`;
