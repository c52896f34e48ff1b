/**
 * @module Property test: hostile values over many script templates, run in a real `sh` (and `pwsh` where it exists).
 * Whatever a value holds, each template prints exactly the value it was meant to print, and nothing else runs.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import fc from "fast-check";
import { renderScriptLines } from "./script-rendering.ts";

const scratch = mkdtempSync(join(tmpdir(), "bosun-render-"));
const canary = join(scratch, "pwned");
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Pieces a hostile value is made of: every quoting and expansion character of sh and PowerShell, and a payload. */
const pieces = [
  "'",
  '"',
  "`",
  "$",
  "$(",
  ")",
  "(",
  "\\",
  ";",
  "&",
  "|",
  "\n",
  " ",
  "#",
  "*",
  "{{a}}",
  "{{ b }}",
  `\${IFS}`,
  "$HOME",
  "‘",
  "’",
  "“",
  "”",
  "$env:PATH",
  "@'",
  "'@",
  "\t",
  "-rf",
  "x",
  `touch ${canary}`,
  `$(touch ${canary})`,
  `\`touch ${canary}\``,
  `'; touch ${canary}; '`,
  `"; touch ${canary}; "`,
];
const hostile = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 4 })), { maxLength: 12 }).map((p) => p.join(""));

/** sh templates and what each prints for a value v (`printf` so nothing is interpreted on the way out). */
const shTemplates: [string, (v: string) => string][] = [
  ["printf '[%s]' {{a}}", (v) => `[${v}]`],
  ["printf '[%s]' \"{{a}}\"", (v) => `[${v}]`],
  ["printf '[%s]' '{{a}}'", (v) => `[${v}]`],
  ["printf '[%s]' \"x{{a}}y\" 'p{{a}}q'", (v) => `[x${v}y][p${v}q]`],
  ["printf '[%s]' \"$(printf '%s' \"{{a}}\")\"", (v) => `[${v.replace(/\n+$/, "")}]`],
  ["printf '[%s]' \"`printf '%s' {{a}}`\"", (v) => `[${v.replace(/\n+$/, "")}]`],
  ["X={{a}}; printf '[%s]' \"$X\"", (v) => `[${v}]`],
  ["printf '[%s]' {{a}}{{b}} # {{a}} '", (v) => `[${v}{{b}}]`],
  ["printf '[%s]' \"a\n{{a}}\"", (v) => `[a\n${v}]`],
];

async function render(template: string, action: string, a: string) {
  return renderScriptLines(template.split("\n"), action, async (name) => (name === "a" ? [a] : name === "b" ? ["{{b}}"] : []));
}

function runSh(lines: string[], environment: Record<string, string>): string {
  return execFileSync("/bin/sh", ["-c", lines.join("\n")], { env: { PATH: "/usr/bin:/bin", ...environment } }).toString();
}

describe("script rendering", () => {
  it("puts any value into any sh template as exactly that value, and never runs it", async () => {
    await fc.assert(
      fc.asyncProperty(hostile, fc.constantFrom(...shTemplates), async (value, [template, expected]) => {
        const { lines, environment } = await render(template, "aws:runShellScript", value);
        // A value with NUL cannot reach a script: the API refuses it, and environments cannot carry it.
        if (value.includes("\0")) return;
        const printed = runSh(lines, environment);
        assert.equal(printed, expected(value), `${template} with ${JSON.stringify(value)}`);
        assert.ok(!existsSync(canary), `the value ran: ${JSON.stringify(value)} in ${template}`);
      }),
      { numRuns: 400 },
    );
  });

  it("reads a template once: a value that looks like a reference stays text", async () => {
    const { lines, environment } = await render("printf '%s|%s' {{a}} {{b}}", "aws:runShellScript", "{{b}}");
    assert.equal(runSh(lines, environment), "{{b}}|{{b}}");
  });

  it("keeps a line that is only a reference as code (AWS-RunShellScript's commands)", async () => {
    const { lines } = await render("  {{a}}  ", "aws:runShellScript", "echo one\necho two");
    assert.deepEqual(lines, ["echo one", "echo two"]);
  });

  it("puts any value into PowerShell templates as exactly that value", {
    skip: existsSync("/usr/bin/pwsh") ? false : "pwsh is not installed",
  }, async () => {
    const templates: [string, (v: string) => string][] = [
      ["Write-Output ('[' + {{a}} + ']')", (v) => `[${v}]`],
      ['Write-Output "[{{a}}]"', (v) => `[${v}]`],
      ["Write-Output '[{{a}}]'", (v) => `[${v}]`],
    ];
    await fc.assert(
      fc.asyncProperty(
        hostile.filter((v) => !v.includes("\0")),
        fc.constantFrom(...templates),
        async (value, [template, expected]) => {
          const { lines, environment } = await render(template, "aws:runPowerShellScript", value);
          const printed = execFileSync("/usr/bin/pwsh", ["-NoProfile", "-NonInteractive", "-Command", lines.join("\n")], {
            env: { PATH: "/usr/bin:/bin", ...environment },
          }).toString();
          assert.equal(printed.replace(/\r?\n$/, ""), expected(value));
          assert.ok(!existsSync(canary));
        },
      ),
      { numRuns: 50 },
    );
  });
});
