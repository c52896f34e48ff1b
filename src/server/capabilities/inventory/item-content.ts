/**
 * @module How an item's entries are stored: one JSON object per line, as put, in one value per (node, type). A node's
 * read (ListInventoryEntries, GetInventory) is one row, and the name index points into it by byte offset, so a page
 * of search results reads a few hundred bytes per match instead of the node's whole content.
 */

export type Entry = Record<string, string>;

/** Where one entry sits in its item's content. */
export interface EntrySlice {
  seq: number;
  offset: number;
  length: number;
}

export interface EncodedContent {
  content: Buffer;
  /** One per entry, in order. */
  lines: { line: string; slice: EntrySlice }[];
}

export function encodeContent(entries: readonly Entry[]): EncodedContent {
  const lines: EncodedContent["lines"] = [];
  let offset = 0;
  for (let seq = 0; seq < entries.length; seq++) {
    const line = JSON.stringify(entries[seq]);
    const length = Buffer.byteLength(line);
    lines.push({ line, slice: { seq, offset, length } });
    offset += length + 1;
  }
  return { content: Buffer.from(lines.map((l) => l.line).join("\n")), lines };
}

/** Bytes of the content as a JSON array (what SSM's size limits measure): the lines, commas and brackets. */
export const jsonBytes = (encoded: EncodedContent): number => encoded.content.length + 2;

/**
 * The content as the JSON text of its array, `[e1,e2,...]`: lines are JSON objects, which never hold a raw newline, so
 * swapping the separators gives it without serializing the entries again.
 */
export function asJsonArray(encoded: EncodedContent): Buffer {
  const array = Buffer.allocUnsafe(encoded.content.length + 2);
  array[0] = 0x5b;
  encoded.content.copy(array, 1);
  array[array.length - 1] = 0x5d;
  for (let i = array.indexOf(0x0a, 1); i !== -1; i = array.indexOf(0x0a, i + 1)) array[i] = 0x2c;
  return array;
}

/** The entries' JSON texts, in order (an empty item has none). */
export function contentLines(content: Buffer | string | null): string[] {
  const text = content === null ? "" : typeof content === "string" ? content : content.toString("utf8");
  return text === "" ? [] : text.split("\n");
}
