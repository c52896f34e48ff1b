/**
 * @module `bin/bosun`, which runs the build in dist/ while in-process servers run src/. A test that starts it first
 * checks that the build is not older than the sources, so a stale dist/ fails loudly instead of testing old code.
 */
import { join } from "node:path";
import { staleBuild } from "./stale-build.ts";

const projectRoot = new URL("../..", import.meta.url).pathname;
export const bosunBin = join(projectRoot, "bin", "bosun");

const stale = staleBuild();
if (stale.length > 0)
  throw new Error(
    `dist/ is older than ${stale.slice(0, 3).join(", ")}${stale.length > 3 ? ` and ${stale.length - 3} more` : ""}: ` +
      "run `npx tsc -p tsconfig.build.json` (npm test builds first)",
  );
