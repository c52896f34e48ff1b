/**
 * @module Session recordings, in asciicast v2 (one JSON header line, then `[seconds, code, data]` events) so any
 * asciinema player, the console's and `bosun session replay` show them: a terminal's output ("o"), the keystrokes
 * that made it ("i") and each resize ("r"). A port session records its connections only ("m" markers with their byte
 * counts), never the bytes it carried.
 *
 * Events are appended to a staging file as they pass, so a crash loses at most the last line; when the session ends
 * the file goes to the account's configured bucket and prefix (the `SSM-SessionManagerRunShell` preferences), or,
 * with none configured, to the server's own recordings folder. A staging file left by a crash is finished by the
 * sweep after a restart.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type ClientMessage, PayloadType } from "../../../protocol/session/client-message.ts";
import type { BlobStores } from "../../core/blobs/blob-store.ts";
import type { Logger } from "../../core/log.ts";
import { PortConnections } from "./port-connections.ts";
import type { Side } from "./session-relay.ts";

export interface RecordingTarget {
  sessionId: string;
  accountId: string;
  region: string;
  target: string;
  sessionType: string;
  startedAt: number;
  /** The preferences' bucket and prefix; an empty bucket: the server's own folder. */
  bucket: string;
  prefix: string;
}

interface Live {
  info: RecordingTarget;
  file: WriteStream;
  /** A port session's connections. */
  ports: PortConnections;
  /** The next sequence number expected from each side: a message sent again (a late acknowledgement) is recorded once. */
  expected: Record<Side, number>;
}

export const recordingKey = (prefix: string, sessionId: string) => `${prefix ? `${prefix.replace(/\/+$/, "")}/` : ""}${sessionId}.cast`;

export class SessionRecorder {
  private readonly live = new Map<string, Live>();

  constructor(
    private readonly dirs: { staging: string; recordings: string },
    private readonly blobs: BlobStores,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  /** Starts a recording: the header now, the events as they pass. */
  async begin(info: RecordingTarget): Promise<void> {
    if (this.live.has(info.sessionId)) return;
    await mkdir(this.dirs.staging, { recursive: true, mode: 0o700 });
    const path = this.stagingPath(info.sessionId);
    const header = {
      version: 2,
      width: 80,
      height: 24,
      timestamp: Math.floor(info.startedAt / 1000),
      title: `${info.sessionId} on ${info.target}`,
      env: { TERM: "xterm-256color" },
    };
    // The target and where it goes ride in a first line the player ignores (a marker), for finishing after a crash.
    await writeFile(path, `${JSON.stringify(header)}\n${JSON.stringify([0, "m", JSON.stringify({ recording: info })])}\n`, { mode: 0o600 });
    this.live.set(info.sessionId, {
      info,
      file: createWriteStream(path, { flags: "a", mode: 0o600 }),
      ports: new PortConnections(),
      expected: { client: 0, agent: 0 },
    });
  }

  /** A stream message that passed the relay. */
  frame(sessionId: string, from: Side, message: ClientMessage): void {
    const live = this.live.get(sessionId);
    if (!live) return;
    if (message.sequenceNumber < live.expected[from]) return;
    live.expected[from] = message.sequenceNumber + 1;
    const at = (this.now() - live.info.startedAt) / 1000;
    if (live.info.sessionType === "Port") {
      for (const marker of live.ports.message(from, message)) this.write(live, [at, "m", marker]);
      return;
    }
    const type = message.payloadType;
    if (from === "agent" && (type === PayloadType.output || type === PayloadType.stdErr))
      this.write(live, [at, "o", message.payload.toString("utf8")]);
    else if (from === "client" && type === PayloadType.output) this.write(live, [at, "i", message.payload.toString("utf8")]);
    else if (from === "client" && type === PayloadType.size) {
      const size = terminalSize(message.payload);
      if (size) this.write(live, [at, "r", `${size.cols}x${size.rows}`]);
    }
  }

  /** Ends a recording and stores it; resolves with the object's URL (undefined: kept in the server's own folder). */
  async finish(sessionId: string): Promise<string | undefined> {
    const live = this.live.get(sessionId);
    if (!live) return undefined;
    this.live.delete(sessionId);
    for (const marker of live.ports.finishAll()) this.write(live, [(this.now() - live.info.startedAt) / 1000, "m", marker]);
    await new Promise<void>((resolve) => live.file.end(resolve));
    return this.store(live.info);
  }

  /** Finishes the staging files no live session owns (left by a crash or a restart); the sessions' rows say they ended. */
  async finishOrphans(isLive: (sessionId: string) => boolean): Promise<{ sessionId: string; url: string | undefined }[]> {
    const names = await readdir(this.dirs.staging).catch(() => [] as string[]);
    const finished: { sessionId: string; url: string | undefined }[] = [];
    for (const name of names.filter((n) => n.endsWith(".cast"))) {
      const sessionId = name.slice(0, -".cast".length);
      if (this.live.has(sessionId) || isLive(sessionId)) continue;
      const info = await this.targetOf(this.stagingPath(sessionId));
      if (!info) {
        await rm(this.stagingPath(sessionId), { force: true });
        continue;
      }
      finished.push({ sessionId, url: await this.store(info) });
    }
    return finished;
  }

  private async store(info: RecordingTarget): Promise<string | undefined> {
    const path = this.stagingPath(info.sessionId);
    await this.trimPartialLine(path);
    if (info.bucket) {
      const location = { bucket: info.bucket, key: recordingKey(info.prefix, info.sessionId) };
      try {
        await this.blobs.forBucket(info.bucket).putFile(location, path);
        await rm(path, { force: true });
        return this.blobs.forBucket(info.bucket).url(location, info.region);
      } catch (error) {
        this.log.warn(
          { err: error, sessionId: info.sessionId, bucket: info.bucket },
          "a session recording could not go to its bucket; kept by the server",
        );
      }
    }
    const folder = join(this.dirs.recordings, info.accountId, info.region);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await rename(path, join(folder, `${info.sessionId}.cast`));
    return undefined;
  }

  /** Where the server keeps a recording that went to no bucket. */
  keptPath(accountId: string, region: string, sessionId: string): string {
    return join(this.dirs.recordings, accountId, region, `${sessionId}.cast`);
  }

  /**
   * Up to `max` bytes of a stored recording from `offset`, cut after a whole line (a longer line comes whole), read from
   * its bucket (a folder, or the S3 endpoint, copied to a temporary file) or from the server's own folder.
   */
  async read(
    info: Pick<RecordingTarget, "sessionId" | "accountId" | "region" | "bucket" | "prefix">,
    inBucket: boolean,
    offset: number,
    max: number,
  ): Promise<{ content: Buffer; nextOffset?: number } | undefined> {
    let path = this.keptPath(info.accountId, info.region, info.sessionId);
    let temporary: string | undefined;
    if (inBucket && info.bucket) {
      const source = this.blobs.sourceOf(info.bucket);
      const key = recordingKey(info.prefix, info.sessionId);
      if ("folder" in source) path = join(source.folder, key);
      else {
        temporary = join(this.dirs.staging, `read-${info.sessionId}-${process.pid}.tmp`);
        await mkdir(this.dirs.staging, { recursive: true, mode: 0o700 });
        await source.remote.download({ bucket: info.bucket, key }, temporary);
        path = temporary;
      }
    }
    try {
      const handle = await open(path, "r").catch(() => undefined);
      if (!handle) return undefined;
      try {
        const size = (await handle.stat()).size;
        const buffer = Buffer.alloc(Math.max(0, Math.min(max, size - offset)));
        await handle.read(buffer, 0, buffer.length, offset);
        const end = offset + buffer.length;
        if (end >= size) return { content: buffer };
        const lastNewline = buffer.lastIndexOf(0x0a);
        const cut = lastNewline >= 0 ? lastNewline + 1 : buffer.length;
        return { content: buffer.subarray(0, cut), nextOffset: offset + cut };
      } finally {
        await handle.close();
      }
    } finally {
      if (temporary) await rm(temporary, { force: true });
    }
  }

  private write(live: Live, event: [number, string, string]): void {
    live.file.write(`${JSON.stringify([Math.round(event[0] * 1e6) / 1e6, event[1], event[2]])}\n`);
  }

  private stagingPath(sessionId: string): string {
    return join(this.dirs.staging, `${sessionId}.cast`);
  }

  private async targetOf(path: string): Promise<RecordingTarget | undefined> {
    try {
      const [, second] = (await readFile(path, "utf8")).split("\n", 2);
      const event = JSON.parse(second ?? "") as [number, string, string];
      return (JSON.parse(event[2]) as { recording: RecordingTarget }).recording;
    } catch {
      return undefined;
    }
  }

  /** A crash may leave half a line at the end: it goes, so every line is an event. */
  private async trimPartialLine(path: string): Promise<void> {
    const size = (await stat(path)).size;
    if (size === 0) return;
    const text = await readFile(path, "utf8");
    if (text.endsWith("\n")) return;
    await writeFile(path, text.slice(0, text.lastIndexOf("\n") + 1), { mode: 0o600 });
  }
}

/** A client's resize, as whole columns and rows; undefined for a payload that is not one (the agent ends that session). */
function terminalSize(payload: Buffer): { cols: number; rows: number } | undefined {
  try {
    const size = JSON.parse(payload.toString("utf8")) as { cols?: unknown; rows?: unknown } | null;
    const cols = Math.trunc(Number(size?.cols));
    const rows = Math.trunc(Number(size?.rows));
    return Number.isFinite(cols) && Number.isFinite(rows) ? { cols, rows } : undefined;
  } catch {
    return undefined;
  }
}
