/**
 * @module Reading a session's recording: asciicast v2, one JSON header line (`width`, `height`, `timestamp`), then one
 * `[seconds, code, data]` event per line — "o" output, "i" input, "r" a resize, "m" a marker (a port session's
 * connections; the first marker says where the server keeps the recording). `bosun session replay` and the console's
 * player both read it here.
 */

export interface CastHeader {
  version: number;
  width: number;
  height: number;
  /** Epoch seconds the session started. */
  timestamp?: number;
  title?: string;
}

export type CastEvent = [seconds: number, code: string, data: string];

export interface Cast {
  header: CastHeader;
  events: CastEvent[];
}

/** Reads a recording's text; lines that are not events (a torn last line of a crashed session) are skipped. */
export function readCast(text: string): Cast {
  const [first = "{}", ...lines] = text.split("\n");
  const header = { version: 2, width: 80, height: 24, ...(JSON.parse(first) as Partial<CastHeader>) };
  const events: CastEvent[] = [];
  for (const line of lines) {
    if (line.trim() === "") continue;
    try {
      const event = JSON.parse(line) as unknown;
      if (Array.isArray(event) && typeof event[0] === "number" && typeof event[1] === "string" && typeof event[2] === "string")
        events.push([event[0], event[1], event[2]]);
    } catch {
      // A line cut short when a side crashed: the events before it stand.
    }
  }
  return { header, events };
}

/** A marker that is the recording's own note (where it is kept), not an event of the session. */
export function isRecordingNote(event: CastEvent): boolean {
  return event[1] === "m" && event[2].startsWith("{");
}
