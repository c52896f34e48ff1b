/**
 * @module Maven's version order (Maven 3's ComparableVersion, reimplemented from its specification): a version is a
 * list of numbers and qualifiers split at `.`, `-` and every change between digits and letters; `-` and a digit-letter
 * change open a sub-list. Trailing zeros and release qualifiers (`ga`, `final`, `release`) do not count, and the known
 * qualifiers order alpha < beta < milestone < rc < snapshot < (release) < sp < anything else (alphabetically).
 */

type Item = { kind: "int"; digits: string } | { kind: "str"; value: string } | { kind: "list"; items: Item[] };

const qualifiers = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
const aliases: Record<string, string> = { ga: "", final: "", release: "", cr: "rc" };
const releaseIndex = String(qualifiers.indexOf(""));

/** A qualifier's sort key: its rank among the known ones, or after all of them, alphabetically. */
function qualifierKey(value: string): string {
  const index = qualifiers.indexOf(value);
  return index >= 0 ? String(index) : `${qualifiers.length}-${value}`;
}

function stringItem(text: string, followedByDigit: boolean): Item {
  let value = text;
  if (followedByDigit && value.length === 1) value = { a: "alpha", b: "beta", m: "milestone" }[value] ?? value;
  return { kind: "str", value: aliases[value] ?? value };
}

const parseItem = (digit: boolean, text: string): Item =>
  digit ? { kind: "int", digits: text.replace(/^0+(?=\d)/, "") } : stringItem(text, false);

function isNullItem(item: Item): boolean {
  if (item.kind === "int") return /^0+$/.test(item.digits);
  if (item.kind === "str") return item.value === "";
  return item.items.length === 0;
}

/** Drops trailing null items, stopping at the first non-null item that is not a list. */
function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const item = list[i] as Item;
    if (isNullItem(item)) list.splice(i, 1);
    else if (item.kind !== "list") break;
  }
}

/** Opens a sub-list inside `list`, remembered on `stack` for normalizing. */
function sublist(list: Item[], stack: Item[][]): Item[] {
  const next: Item[] = [];
  list.push({ kind: "list", items: next });
  stack.push(next);
  return next;
}

function parse(version: string): Item[] {
  const text = version.trim().toLowerCase();
  const root: Item[] = [];
  const stack: Item[][] = [root];
  let list = root;
  let digit = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "." || c === "-") {
      list.push(i === start ? { kind: "int", digits: "0" } : parseItem(digit, text.slice(start, i)));
      start = i + 1;
      if (c === "-") list = sublist(list, stack);
    } else if (c >= "0" && c <= "9") {
      if (!digit && i > start) {
        // `1.0.0.X1` orders as `1.0.0-X1`: a qualifier followed by a number is its own sub-list.
        if (list.length > 0) list = sublist(list, stack);
        list.push(stringItem(text.slice(start, i), true));
        start = i;
        list = sublist(list, stack);
      }
      digit = true;
    } else {
      if (digit && i > start) {
        list.push(parseItem(true, text.slice(start, i)));
        start = i;
        list = sublist(list, stack);
      }
      digit = false;
    }
  }
  if (text.length > start) {
    if (!digit && list.length > 0) list = sublist(list, stack);
    list.push(parseItem(digit, text.slice(start)));
  }
  for (const each of stack.reverse()) normalize(each);
  return root;
}

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compareDigits(a: string, b: string): number {
  return a.length !== b.length ? sign(a.length - b.length) : compareText(a, b);
}

/** ComparableVersion's Item.compareTo, where `undefined` stands for a missing item (the shorter list's padding). */
function compareItem(a: Item, b: Item | undefined): number {
  if (a.kind === "int") {
    if (b === undefined) return isNullItem(a) ? 0 : 1;
    return b.kind === "int" ? compareDigits(a.digits, b.digits) : 1;
  }
  if (a.kind === "str") {
    if (b === undefined) return compareText(qualifierKey(a.value), releaseIndex);
    if (b.kind === "int" || b.kind === "list") return -1;
    return compareText(qualifierKey(a.value), qualifierKey(b.value));
  }
  if (b === undefined) {
    for (const item of a.items) {
      const result = compareItem(item, undefined);
      if (result !== 0) return result;
    }
    return 0;
  }
  if (b.kind === "int") return -1;
  if (b.kind === "str") return 1;
  return compareLists(a.items, b.items);
}

function compareLists(a: Item[], b: Item[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const left = a[i];
    const right = b[i];
    const result = left === undefined ? (right === undefined ? 0 : -compareItem(right, undefined)) : compareItem(left, right);
    if (result !== 0) return result;
  }
  return 0;
}

/** Maven's order of two versions: negative, zero or positive. */
export function compareMaven(a: string, b: string): number {
  return compareLists(parse(a), parse(b));
}
