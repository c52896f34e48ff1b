/**
 * @module One action, one file, named after the action: every action the server registers is defined in
 * `src/server/capabilities/<capability>/actions/<action-in-kebab-case>.ts`, and every file there defines exactly the
 * one action it is named after. A newcomer finds any action's code with one guess.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

const capabilities = resolve(new URL("../../src/server/capabilities", import.meta.url).pathname);
const kebab = (name: string) => name.replace(/(?<!^)(?=[A-Z])/g, "-").toLowerCase();

/** Every file under a capability's actions/ folder, with the actions it defines (target and name). */
function actionFiles(): { path: string; defined: { target: string; name: string }[] }[] {
  return readdirSync(capabilities, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((capability) => {
      const folder = join(capabilities, capability.name, "actions");
      let names: string[];
      try {
        names = readdirSync(folder).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
      } catch {
        return [];
      }
      return names.map((file) => {
        const path = join(folder, file);
        const text = readFileSync(path, "utf8");
        const defined = [...text.matchAll(/defineAction\(\{\s*target: "([^"]+)",\s*name: "([^"]+)"/g)].map((m) => ({
          target: m[1] ?? "",
          name: m[2] ?? "",
        }));
        return { path: relative(capabilities, path), defined };
      });
    });
}

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t?.close());

describe("action files", () => {
  const files = actionFiles();

  it("every file under actions/ defines exactly one action, the one it is named after", () => {
    const wrong = files
      .filter((f) => f.defined.length !== 1 || kebab(f.defined[0]?.name ?? "") !== basename(f.path, ".ts"))
      .map((f) => `${f.path}: ${f.defined.map((d) => d.name).join(", ") || "no defineAction"}`);
    assert.deepEqual(wrong, []);
  });

  it("every action the server registers has that file", () => {
    const registered = t.server.actions.map((a) => ({ target: a.target, name: a.name }));
    assert.ok(registered.length > 80);
    const missing = registered.filter(
      (a) =>
        !files.some((f) => basename(f.path, ".ts") === kebab(a.name) && f.defined.some((d) => d.target === a.target && d.name === a.name)),
    );
    assert.deepEqual(
      missing.map((a) => `${a.target}.${a.name}`),
      [],
    );
  });
});
