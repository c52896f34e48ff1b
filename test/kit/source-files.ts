/** @module The project's source files (.ts and .tsx, tests left out), for the architecture tests that read them all. */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";

export const sourceRoot = resolve(new URL("../../src", import.meta.url).pathname);

export function sourceFiles(dir = sourceRoot): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}
