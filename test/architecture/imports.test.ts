/** @module Keeps the layering of STYLE.md true: who may import whom, checked over every source file. */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";

const root = resolve(new URL("../../src", import.meta.url).pathname);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

interface Edge {
  from: string;
  /** Resolved path inside src for relative imports, or the bare specifier. */
  to: string;
  relativeImport: boolean;
  /** `await import(...)`: loaded only when the code runs. */
  dynamic: boolean;
}

function edges(): Edge[] {
  return sourceFiles(root).flatMap((file) => {
    const text = readFileSync(file, "utf8");
    const specifiers = [...text.matchAll(/(from|import)\s*(\(?)\s*"([^"]+)"/g)].map((m) => ({
      spec: m[3] ?? "",
      dynamic: m[1] === "import" && m[2] === "(",
    }));
    return specifiers.map(({ spec, dynamic }) => {
      const relativeImport = spec.startsWith(".");
      return {
        from: relative(root, file),
        to: relativeImport ? relative(root, resolve(dirname(file), spec)) : spec,
        relativeImport,
        dynamic,
      };
    });
  });
}

const layerOf = (path: string): string => path.split("/")[0] ?? "";
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

  it("keeps the runtime roles apart: server, agent, cli and console never import each other", () => {
    const roles = ["server", "agent", "cli", "console"];
    const bad = all.filter(
      (e) => e.relativeImport && roles.includes(layerOf(e.from)) && roles.includes(layerOf(e.to)) && layerOf(e.from) !== layerOf(e.to),
    );
    assert.deepEqual(bad, []);
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
      for (const edge of all) if (edge.from === file && !edge.dynamic) queue.push(edge.to);
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
