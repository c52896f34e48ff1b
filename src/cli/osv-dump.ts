/**
 * @module Reading OSV advisories from what an operator downloaded: osv.dev's per-ecosystem `all.zip` (one JSON file
 * per advisory), a JSON file (one advisory or an array of them), or a folder of either. Advisories come out one at a
 * time, as JSON text, so a dump of hundreds of thousands never sits in memory whole.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import yauzl, { type Entry, type ZipFile } from "yauzl";

/** An advisory larger than this is left out (the server refuses it too). */
export const maxAdvisoryBytes = 1024 * 1024;

export interface DumpProblem {
  source: string;
  reason: string;
}

async function* zipAdvisories(path: string, problems: DumpProblem[]): AsyncGenerator<string> {
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true }, (error, file) => (error || !file ? reject(error) : resolve(file))),
  );
  const entries: Entry[] = [];
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  zip.on("entry", (entry: Entry) => {
    entries.push(entry);
    wake?.();
  });
  zip.on("end", () => {
    ended = true;
    wake?.();
  });
  zip.on("error", (error) => {
    failure = error;
    wake?.();
  });
  try {
    zip.readEntry();
    for (;;) {
      if (entries.length === 0 && !ended && failure === undefined) await new Promise<void>((resolve) => (wake = resolve));
      if (failure !== undefined) throw failure;
      const entry = entries.shift();
      if (!entry) break;
      if (entry.fileName.endsWith(".json")) {
        if (entry.uncompressedSize > maxAdvisoryBytes) problems.push({ source: `${path}!/${entry.fileName}`, reason: "larger than 1 MB" });
        else yield await readEntry(zip, entry);
      }
      zip.readEntry();
    }
  } finally {
    zip.close();
  }
}

function readEntry(zip: ZipFile, entry: Entry): Promise<string> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return reject(error);
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      stream.on("error", reject);
    }),
  );
}

async function* jsonAdvisories(path: string, problems: DumpProblem[]): AsyncGenerator<string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch {
    problems.push({ source: path, reason: "not JSON" });
    return;
  }
  for (const advisory of Array.isArray(parsed) ? parsed : [parsed]) yield JSON.stringify(advisory);
}

/** Every advisory under `path` (a zip, a JSON file, or a folder of them), as JSON text. */
export async function* readDump(path: string, problems: DumpProblem[] = []): AsyncGenerator<string> {
  const info = await stat(path);
  if (info.isDirectory()) {
    for (const name of (await readdir(path)).sort()) {
      const child = join(path, name);
      if (/\.(zip|json)$/i.test(name) || (await stat(child)).isDirectory()) yield* readDump(child, problems);
    }
  } else if (/\.zip$/i.test(path)) yield* zipAdvisories(path, problems);
  else yield* jsonAdvisories(path, problems);
}

/** The package an advisory is about first (`ecosystem/name`), or its id when it names none: what batches are sorted by. */
function packageKey(text: string): string {
  try {
    const doc = JSON.parse(text) as { id?: string; affected?: { package?: { ecosystem?: string; name?: string } }[] };
    const pkg = doc.affected?.[0]?.package;
    return pkg ? `${pkg.ecosystem}/${pkg.name}` : `~${doc.id ?? ""}`;
  } catch {
    return "~";
  }
}

/**
 * The advisories in batches of at most `count` advisories and about `bytes` bytes, sorted by the package they are
 * about: the server matches each batch against the fleet by package name, so a package's advisories in one batch
 * read that package's inventory once, not once per batch it would otherwise be spread over (a dump lists advisories
 * by id). The dump is held in memory to sort it — a few hundred megabytes for osv.dev's largest ecosystems.
 */
export async function* sortedBatches(advisories: AsyncIterable<string>, count: number, bytes: number): AsyncGenerator<string[]> {
  const all: { key: string; text: string }[] = [];
  for await (const text of advisories) all.push({ key: packageKey(text), text });
  all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let batch: string[] = [];
  let size = 0;
  for (const { text } of all) {
    if (batch.length >= count || (batch.length > 0 && size + text.length > bytes)) {
      yield batch;
      batch = [];
      size = 0;
    }
    batch.push(text);
    size += text.length;
  }
  if (batch.length > 0) yield batch;
}
