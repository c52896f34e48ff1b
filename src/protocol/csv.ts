/** @module CSV text as the CLI prints it and the console exports it: a header row, then rows; cells quoted when needed. */

export const csvCell = (value: string): string => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

export const toCsvText = (header: readonly string[], lines: readonly (readonly string[])[]): string =>
  `${[header, ...lines].map((line) => line.map(csvCell).join(",")).join("\n")}\n`;
