/** @module The repository's test files as text (test/ and the unit tests beside the source), for tests about tests. */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

const repo = new URL("../../", import.meta.url).pathname;

export async function testSources(): Promise<{ path: string; text: string }[]> {
  const all = await readdir(repo, { recursive: true });
  const paths = all
    .filter((f) => /^(test|src)\//.test(f) && /\.test\.tsx?$/.test(f) && !f.includes("node_modules"))
    .map((f) => join(repo, f));
  return Promise.all(paths.map(async (path) => ({ path, text: await readFile(path, "utf8") })));
}
