/** @module AWS:File: the files the `files` parameter asks for (Path, Pattern, Recursive, DirScanLimit, FileScanLimit). */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { entry } from "./run-tool.ts";

interface FileQuery {
  Path: string;
  Pattern?: string[];
  Recursive?: boolean;
  DirScanLimit?: number;
  FileScanLimit?: number;
}

/** `*` and `?` wildcards, as SSM's file patterns use. */
const globToRegex = (glob: string): RegExp =>
  new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replaceAll("*", ".*")
      .replaceAll("?", ".")}$`,
  );

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export async function files(parameter: string): Promise<Record<string, string>[]> {
  if (!parameter.trim()) return [];
  let queries: FileQuery[];
  try {
    queries = JSON.parse(parameter) as FileQuery[];
  } catch {
    throw new Error("the files parameter is not valid JSON");
  }
  const out: Record<string, string>[] = [];
  for (const query of Array.isArray(queries) ? queries : []) {
    const patterns = (query.Pattern?.length ? query.Pattern : ["*"]).map(globToRegex);
    const dirLimit = query.DirScanLimit ?? 5000;
    const fileLimit = query.FileScanLimit ?? 500;
    const pending = [query.Path];
    let dirs = 0;
    let matched = 0;
    while (pending.length > 0 && dirs < dirLimit && matched < fileLimit) {
      const dir = pending.shift() ?? "";
      dirs++;
      let names: import("node:fs").Dirent[];
      try {
        names = await readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const dirent of names) {
        const path = join(dir, dirent.name);
        if (dirent.isDirectory()) {
          if (query.Recursive) pending.push(path);
        } else if (dirent.isFile() && patterns.some((p) => p.test(dirent.name)) && matched < fileLimit) {
          const info = await stat(path).catch(() => undefined);
          if (!info) continue;
          matched++;
          out.push(
            entry({
              Name: dirent.name,
              Size: info.size,
              InstalledDir: dir,
              ModificationTime: iso(info.mtimeMs),
              LastAccessTime: iso(info.atimeMs),
              InstalledDate: iso(info.birthtimeMs || info.ctimeMs),
            }),
          );
        }
      }
    }
  }
  return out;
}
