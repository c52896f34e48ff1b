/**
 * @module Java archives: name and version from the file name, `META-INF/MANIFEST.MF` and Maven's `pom.properties`,
 * and the JARs nested one level inside fat JARs and WARs (`BOOT-INF/lib/`, `WEB-INF/lib/`).
 */
import { basename } from "node:path";
import yauzl, { type Entry, type ZipFile } from "yauzl";

export interface JarFacts {
  name: string;
  version?: string;
  publisher?: string;
  /** Maven's `groupId:artifactId`, from the archive's `pom.properties`. */
  coordinates?: string;
  /** The archive's path; nested JARs are `outer.jar!/BOOT-INF/lib/inner.jar`. */
  path: string;
}

const maxNestedBytes = 64 * 1024 * 1024;

function readEntry(zip: ZipFile, entry: Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return reject(error ?? new Error("no stream"));
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => resolve(Buffer.concat(chunks)));
      stream.on("error", reject);
    });
  });
}

/** `Key: value` lines, with continuation lines starting with a space. */
function manifest(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let last = "";
  for (const line of text.replace(/\r/g, "").split("\n")) {
    if (line.startsWith(" ") && last) out[last] += line.slice(1);
    else if (line.includes(":")) {
      last = line.slice(0, line.indexOf(":")).trim();
      out[last] = line.slice(line.indexOf(":") + 1).trim();
    }
  }
  return out;
}

/** `log4j-core-2.14.1.jar` → log4j-core, 2.14.1. */
export function fromFileName(file: string): { name: string; version?: string } {
  const stem = basename(file).replace(/\.(jar|war|ear)$/i, "");
  const match = /^(.+?)[-_](\d[\w.+-]*)$/.exec(stem);
  return match?.[1] && match[2] ? { name: match[1], version: match[2] } : { name: stem };
}

async function scanZip(zip: ZipFile, path: string, nest: boolean): Promise<JarFacts[]> {
  const found: JarFacts[] = [];
  const facts: Record<string, string> = {};
  let pom: Record<string, string> | undefined;
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: Entry) => {
      const name = entry.fileName;
      const next = () => zip.readEntry();
      if (name === "META-INF/MANIFEST.MF") {
        readEntry(zip, entry)
          .then((b) => Object.assign(facts, manifest(b.toString("utf8"))))
          .then(next, reject);
      } else if (/^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/.test(name) && !pom) {
        readEntry(zip, entry)
          .then((b) => {
            pom = manifest(b.toString("utf8").replace(/=/g, ":"));
          })
          .then(next, reject);
      } else if (nest && /\.jar$/i.test(name) && entry.uncompressedSize <= maxNestedBytes) {
        readEntry(zip, entry)
          .then((b) => fromBuffer(b, `${path}!/${name}`))
          .then((inner) => found.push(...inner))
          .catch(() => {})
          .then(next, reject);
      } else next();
    });
    zip.on("end", () => resolve());
    zip.on("error", reject);
    zip.readEntry();
  });
  const byName = fromFileName(path.split("!/").pop() ?? path);
  const version = pom?.version ?? facts["Implementation-Version"] ?? facts["Bundle-Version"] ?? byName.version;
  found.unshift({
    name:
      pom?.artifactId ?? (byName.version ? byName.name : (facts["Implementation-Title"] ?? facts["Bundle-SymbolicName"] ?? byName.name)),
    ...(version ? { version } : {}),
    ...(facts["Implementation-Vendor"] ? { publisher: facts["Implementation-Vendor"] } : {}),
    ...(pom?.groupId && pom.artifactId ? { coordinates: `${pom.groupId}:${pom.artifactId}` } : {}),
    path,
  });
  zip.close();
  return found;
}

function fromBuffer(buffer: Buffer, path: string): Promise<JarFacts[]> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) =>
      error || !zip ? reject(error) : scanZip(zip, path, false).then(resolve, reject),
    ),
  );
}

/** The archive and the JARs one level inside it; an unreadable archive yields nothing. */
export function scanJar(path: string): Promise<JarFacts[]> {
  return new Promise((resolve) =>
    yauzl.open(path, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return resolve([]);
      scanZip(zip, path, true).then(resolve, () => resolve([]));
    }),
  );
}
