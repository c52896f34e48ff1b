/** @module Which sources the build in dist/ is older than (test/kit/bosun-bin.ts refuses to start a stale build). */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const projectRoot = new URL("../..", import.meta.url).pathname;

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
