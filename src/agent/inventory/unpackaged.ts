/**
 * @module Software no package manager installed, under configured roots: JARs (and JARs inside them), Node packages
 * (`node_modules/<name>/package.json`), Python distributions (`*.dist-info/METADATA`) and Go binaries. Each becomes
 * an AWS:Application entry whose ApplicationType names the ecosystem (`unpackaged/java`, ...) and whose Path is the
 * file. The walk is bounded in time and in files visited, and says when it stopped early.
 */
import { lstat, readdir, readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { goModules } from "./go-buildinfo.ts";
import { scanJar } from "./jar-scan.ts";
import { entry } from "./run-tool.ts";

export interface ScanBounds {
  maxFiles: number;
  maxMs: number;
}

export const defaultScanBounds: ScanBounds = { maxFiles: 200_000, maxMs: 60_000 };
const skipped = new Set(["/proc", "/sys", "/dev", "/run"]);

async function nodePackage(path: string): Promise<Record<string, string> | undefined> {
  try {
    const body = JSON.parse(await readFile(path, "utf8")) as {
      name?: string;
      version?: string;
      author?: unknown;
      homepage?: string;
      description?: string;
    };
    if (!body.name || !body.version) return undefined;
    const author = typeof body.author === "string" ? body.author : (body.author as { name?: string } | undefined)?.name;
    return entry({
      Name: body.name,
      Version: body.version,
      Publisher: author,
      URL: body.homepage,
      Summary: body.description,
      ApplicationType: "unpackaged/node",
      Path: dirname(path),
    });
  } catch {
    return undefined;
  }
}

async function pythonDistribution(dir: string): Promise<Record<string, string> | undefined> {
  try {
    const text = await readFile(join(dir, "METADATA"), "utf8");
    const field = (name: string) => new RegExp(`^${name}: (.*)$`, "m").exec(text)?.[1]?.trim();
    const name = field("Name");
    if (!name) return undefined;
    return entry({
      Name: name,
      Version: field("Version"),
      Publisher: field("Author"),
      URL: field("Home-page"),
      Summary: field("Summary"),
      ApplicationType: "unpackaged/python",
      Path: dir,
    });
  } catch {
    return undefined;
  }
}

/** A `package.json` of a package installed under node_modules (its own or a scoped one), not a project's. */
function isInstalledNodePackage(path: string): boolean {
  const dir = dirname(path);
  const parent = basename(dirname(dir));
  if (basename(dir) === "node_modules") return false;
  return parent === "node_modules" || (parent.startsWith("@") && basename(dirname(dirname(dir))) === "node_modules");
}

/** Java archives: the JAR and the JARs inside it (fat JARs, WARs). */
async function javaEntries(path: string): Promise<Record<string, string>[]> {
  return (await scanJar(path)).map((jar) =>
    entry({
      Name: jar.name,
      Version: jar.version,
      Publisher: jar.publisher,
      // Maven's coordinates, as vulnerability advisories name the artifact.
      PackageId: jar.coordinates,
      ApplicationType: "unpackaged/java",
      Path: jar.path,
    }),
  );
}

/** An executable of a megabyte or more may be a Go program: its modules, the main one first. */
async function goEntries(path: string): Promise<Record<string, string>[]> {
  const info = await lstat(path).catch(() => undefined);
  if (!info || (info.mode & 0o111) === 0 || info.size < 1024 * 1024) return [];
  const go = await goModules(path);
  return (go?.modules ?? []).map((module) =>
    entry({
      Name: module.path,
      Version: module.version,
      ApplicationType: "unpackaged/go",
      Path: path,
      Summary: module.main ? `built with ${go?.goVersion}` : `dependency of ${path}`,
    }),
  );
}

/** The software one file stands for: a Java archive, an installed Node package, or a Go program. */
async function fileEntries(path: string, name: string): Promise<Record<string, string>[]> {
  if (/\.(jar|war|ear)$/i.test(name)) return javaEntries(path);
  if (name === "package.json") {
    const found = isInstalledNodePackage(path) ? await nodePackage(path) : undefined;
    return found ? [found] : [];
  }
  return goEntries(path);
}

export async function unpackagedSoftware(
  roots: string[],
  bounds: ScanBounds = defaultScanBounds,
): Promise<{ entries: Record<string, string>[]; truncated: boolean }> {
  const entries: Record<string, string>[] = [];
  const started = Date.now();
  let visited = 0;
  const pending = roots.filter((r) => r.startsWith("/"));
  while (pending.length > 0) {
    if (visited >= bounds.maxFiles || Date.now() - started > bounds.maxMs) return { entries, truncated: true };
    const dir = pending.pop() ?? "";
    if (skipped.has(dir)) continue;
    const dirents = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const dirent of dirents) {
      visited++;
      const path = join(dir, dirent.name);
      if (dirent.isSymbolicLink()) continue;
      if (dirent.isDirectory() && dirent.name.endsWith(".dist-info")) {
        const found = await pythonDistribution(path);
        if (found) entries.push(found);
      } else if (dirent.isDirectory()) pending.push(path);
      else if (dirent.isFile()) entries.push(...(await fileEntries(path, dirent.name)));
    }
  }
  return { entries, truncated: false };
}
