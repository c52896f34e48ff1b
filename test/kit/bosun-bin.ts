/**
 * @module `bin/bosun`, which runs the build in dist/ while in-process servers run src/. A test that starts it first
 * checks that the build is not older than the sources, so a stale dist/ fails loudly instead of testing old code.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const projectRoot = new URL("../..", import.meta.url).pathname;
export const bosunBin = join(projectRoot, "bin", "bosun");

/** Sources the build compiles (src/ less the console and tests) whose .js in dist/ is missing or older. */
export function staleBuild(root = projectRoot): string[] {
  const stale: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (path !== join(root, "src", "console")) walk(path);
        continue;
      }
      if (!entry.name.endsWith(".ts") || entry.name.endsWith(".test.ts")) continue;
      const built = join(root, "dist", relative(join(root, "src"), path).replace(/\.ts$/, ".js"));
      if (!existsSync(built) || statSync(built).mtimeMs < statSync(path).mtimeMs) stale.push(relative(root, path));
    }
  };
  walk(join(root, "src"));
  return stale;
}

const stale = staleBuild();
if (stale.length > 0)
  throw new Error(
    `dist/ is older than ${stale.slice(0, 3).join(", ")}${stale.length > 3 ? ` and ${stale.length - 3} more` : ""}: ` +
      "run `npx tsc -p tsconfig.build.json` (npm test builds first)",
  );
