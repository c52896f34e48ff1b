/** @module Keeps the layering of STYLE.md true: who may import whom, checked over every source file. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { sourceRoot as root, sourceFiles } from "../kit/source-files.ts";

interface Edge {
  from: string;
  /** Resolved path inside src for relative imports, or the bare specifier. */
  to: string;
  relativeImport: boolean;
  /** `await import(...)`: loaded only when the code runs. */
  dynamic: boolean;
  /** `import type` / `export type … from`: erased by the compiler, never loaded. */
  typeOnly: boolean;
}

function edges(): Edge[] {
  return sourceFiles(root).flatMap((file) => {
    const text = readFileSync(file, "utf8");
    const specifiers = [...text.matchAll(/(from|import)\s*(\(?)\s*"([^"]+)"/g)].map((m) => {
      // The statement this specifier ends: from its `import`/`export` keyword to the quote.
      const start = Math.max(text.lastIndexOf("import", m.index), text.lastIndexOf("export", m.index));
      const statement = text.slice(start, m.index);
      return {
        spec: m[3] ?? "",
        dynamic: m[1] === "import" && m[2] === "(",
        // With verbatimModuleSyntax only `import type` is erased; `import { type X }` still loads the module.
        typeOnly: /^(import|export) type\b/.test(statement),
      };
    });
    return specifiers.map(({ spec, dynamic, typeOnly }) => {
      const relativeImport = spec.startsWith(".");
      return {
        from: relative(root, file),
        to: relativeImport ? relative(root, resolve(dirname(file), spec)) : spec,
        relativeImport,
        dynamic,
        typeOnly,
      };
    });
  });
}

const layerOf = (path: string): string => path.split("/")[0] ?? "";

/**
 * The runtime roles, from the bottom: protocol (pure shapes and errors) ← the lake (DuckDB over synced files) ← the
 * server's core ← its capabilities ← its composition root; the agent, the CLI, the console and the demo beside the
 * server, never importing it. `bosun.ts` is the command line's entry and loads each role's commands.
 */
function roleOf(path: string): string {
  if (path === "bosun.ts") return "entry";
  const [top = "", second = ""] = path.split("/");
  if (top === "server") return second === "core" || second === "capabilities" ? `server/${second}` : "server/root";
  return ["protocol", "lake", "agent", "cli", "console", "demo"].includes(top) ? top : "unclassified";
}

/** Which roles a role may import besides itself. */
const mayImport: Record<string, string[]> = {
  protocol: [],
  lake: ["protocol"],
  "server/core": ["protocol"],
  "server/capabilities": ["protocol", "lake", "server/core"],
  "server/root": ["protocol", "lake", "server/core", "server/capabilities"],
  agent: ["protocol"],
  cli: ["protocol", "lake"],
  console: ["protocol"],
  demo: ["protocol", "cli"],
  entry: ["protocol", "agent", "cli", "demo", "server/root"],
};
const all = edges();

describe("import rules", () => {
  it("finds the source tree", () => {
    assert.ok(all.length > 50);
  });

  it("keeps protocol pure: it imports only protocol and the schema library, no Node APIs", () => {
    const pure = (e: Edge) => (e.relativeImport ? layerOf(e.to) === "protocol" : e.to === "@sinclair/typebox");
    const bad = all.filter((e) => layerOf(e.from) === "protocol" && !pure(e));
    assert.deepEqual(bad, []);
  });

  it("follows the layering matrix: every file's imports, .tsx and type-only ones included", () => {
    const bad = all
      .filter((e) => e.relativeImport)
      .filter((e) => {
        const from = roleOf(e.from);
        return !(mayImport[from] ?? []).includes(roleOf(e.to)) && roleOf(e.to) !== from;
      })
      .map((e) => `${e.from} (${roleOf(e.from)}) → ${e.to} (${roleOf(e.to)})`);
    assert.deepEqual(bad, []);
  });

  it("classifies every source file", () => {
    const unknown = [...new Set(all.map((e) => e.from))].filter((f) => roleOf(f) === "unclassified");
    assert.deepEqual(unknown, []);
  });

  it("keeps the server core free of capabilities", () => {
    const bad = all.filter((e) => e.relativeImport && e.from.startsWith("server/core/") && e.to.startsWith("server/capabilities/"));
    assert.deepEqual(bad, []);
  });

  it("lets one capability reach another only through its index.ts", () => {
    const capabilityOf = (path: string) => /^server\/capabilities\/([^/]+)\//.exec(path)?.[1];
    const bad = all.filter((e) => {
      const from = capabilityOf(e.from);
      const to = capabilityOf(e.to);
      return e.relativeImport && from && to && from !== to && e.to !== `server/capabilities/${to}/index.ts`;
    });
    assert.deepEqual(bad, []);
  });

  it("lets only the server's composition root and commands list the capabilities", () => {
    const bad = all.filter(
      (e) =>
        e.relativeImport &&
        e.to.startsWith("server/capabilities/") &&
        !e.from.startsWith("server/capabilities/") &&
        e.from !== "server/main.ts",
    );
    assert.deepEqual(bad, []);
  });

  it("keeps the agent light: what `bosun agent run` loads at start reaches no server code, SQL driver or schema library", () => {
    const reached = new Set<string>();
    const queue = ["bosun.ts"];
    while (queue.length > 0) {
      const file = queue.pop() ?? "";
      if (reached.has(file)) continue;
      reached.add(file);
      for (const edge of all) if (edge.from === file && !edge.dynamic && !edge.typeOnly) queue.push(edge.to);
    }
    const heavy = [...reached].filter(
      (m) =>
        m.startsWith("server/capabilities/") ||
        m === "server/main.ts" ||
        ["kysely", "better-sqlite3", "pg", "@sinclair/typebox"].includes(m),
    );
    assert.deepEqual(heavy, []);
  });
});
