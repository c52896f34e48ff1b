import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import { ServiceError } from "../../../protocol/errors/service-error.ts";
import { builtinDocuments } from "./builtin-documents.ts";
import type { ParameterDefinition } from "./document-content.ts";
import { renderCommandSteps, resolveParameters } from "./document-parameters.ts";

const shell = builtinDocuments.get("AWS-RunShellScript");
const definitions: Record<string, ParameterDefinition> = {
  who: { type: "String", default: "world", allowedPattern: "^[a-z ]+$", maxChars: 20 },
  level: { type: "String", allowedValues: ["low", "high"] },
  items: { type: "StringList", default: ["a"], maxItems: 2 },
  force: { type: "Boolean", default: false },
  count: { type: "Integer", default: 1 },
};
const failure = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ServiceError) return `${error.exception}: ${error.message}`;
    throw error;
  }
  return "none";
};
const noSsm = async (name: string): Promise<string> => {
  throw new Error(`unexpected lookup of ${name}`);
};

describe("resolveParameters", () => {
  it("fills defaults and keeps given values", () => {
    assert.deepEqual(resolveParameters(definitions, { level: ["high"] }), {
      who: ["world"],
      level: ["high"],
      items: ["a"],
      force: ["false"],
      count: ["1"],
    });
  });

  it("refuses what the document does not allow, with InvalidParameters", () => {
    assert.match(
      failure(() => resolveParameters(definitions, {})),
      /^InvalidParameters: Parameter level is required/,
    );
    assert.match(
      failure(() => resolveParameters(definitions, { level: ["low"], color: ["red"] })),
      /color is not defined/,
    );
    assert.match(
      failure(() => resolveParameters(definitions, { level: ["medium"] })),
      /must be one of: low, high/,
    );
    assert.match(
      failure(() => resolveParameters(definitions, { level: ["low"], who: ["Bob"] })),
      /allowed pattern/,
    );
    assert.match(
      failure(() => resolveParameters(definitions, { level: ["low"], who: ["a", "b"] })),
      /exactly one value/,
    );
    assert.match(
      failure(() => resolveParameters(definitions, { level: ["low"], items: ["1", "2", "3"] })),
      /at most 2 values/,
    );
    assert.match(
      failure(() => resolveParameters(definitions, { level: ["low"], force: ["yes"] })),
      /true or false/,
    );
    assert.match(
      failure(() => resolveParameters(definitions, { level: ["low"], count: ["1.5"] })),
      /integer/,
    );
    assert.match(
      failure(() => resolveParameters(definitions, { level: ["low"], who: ["a".repeat(21)] })),
      /at most 20 characters/,
    );
  });

  it("holds AWS-RunShellScript's executionTimeout to 5..172800 seconds", () => {
    const shellParameters = shell?.parsed.parameters ?? {};
    for (const ok of ["5", "3600", "172800"])
      assert.equal(
        failure(() => resolveParameters(shellParameters, { commands: ["true"], executionTimeout: [ok] })),
        "none",
        ok,
      );
    for (const bad of ["4", "172801", "0", "1e3", "-5"])
      assert.notEqual(
        failure(() => resolveParameters(shellParameters, { commands: ["true"], executionTimeout: [bad] })),
        "none",
        bad,
      );
  });
});

describe("renderCommandSteps", () => {
  it("turns AWS-RunShellScript's commands into script lines, verbatim", async () => {
    const body = JSON.parse(shell?.content ?? "{}") as Record<string, unknown>;
    const values = resolveParameters(shell?.parsed.parameters ?? {}, {
      commands: ["echo one", "echo two\necho three"],
      workingDirectory: ["/tmp"],
    });
    const [step] = await renderCommandSteps(body, values, noSsm);
    assert.deepEqual(step, {
      name: "runShellScript",
      action: "aws:runShellScript",
      runCommand: ["echo one", "echo two", "echo three"],
      workingDirectory: "/tmp",
      timeoutSeconds: 3600,
    });
  });

  it("quotes a value embedded in a line, so it cannot break out of the script", async () => {
    const hostile = `x'; touch /tmp/pwned; echo '$(id)\`id\``;
    const body = { mainSteps: [{ name: "s", action: "aws:runShellScript", inputs: { runCommand: ["printf '%s' {{ who }}"] } }] };
    const [step] = await renderCommandSteps(body, { who: [hostile] }, noSsm);
    const printed = execFileSync("sh", ["-c", step?.runCommand.join("\n") ?? ""], { env: { ...step?.environment } }).toString();
    assert.equal(printed, hostile);
  });

  it("expands values from the environment in PowerShell steps, and doubles quotes inside single-quoted strings", async () => {
    const body = {
      mainSteps: [
        { name: "s", action: "aws:runPowerShellScript", inputs: { runCommand: ["Write-Output {{ a }} \"x{{ a }}\" 'y{{ a }}'"] } },
      ],
    };
    const [step] = await renderCommandSteps(body, { a: ["it’s"] }, noSsm);
    assert.deepEqual(step?.runCommand, [`Write-Output \${env:BOSUN_PARAM_1} "x\${env:BOSUN_PARAM_2}" 'yit’’s'`]);
    assert.deepEqual(step?.environment, { BOSUN_PARAM_1: "it’s", BOSUN_PARAM_2: "it’s" });
  });

  it("reads {{ssm:/name}} from Parameter Store", async () => {
    const body = { mainSteps: [{ name: "s", action: "aws:runShellScript", inputs: { runCommand: ["echo {{ssm:/app/greeting}}"] } }] };
    const [step] = await renderCommandSteps(body, {}, async (name) => (name === "/app/greeting" ? "hi there" : ""));
    assert.deepEqual(step?.runCommand, [`echo "\${BOSUN_PARAM_1}"`]);
    assert.deepEqual(step?.environment, { BOSUN_PARAM_1: "hi there" });
  });

  it("renders schema 1.2 runtimeConfig and keeps a platform precondition", async () => {
    const old = { runtimeConfig: { "aws:runShellScript": { properties: [{ runCommand: ["uptime"], timeoutSeconds: "60" }] } } };
    assert.deepEqual(await renderCommandSteps(old, {}, noSsm), [
      { name: "runShellScript", action: "aws:runShellScript", runCommand: ["uptime"], workingDirectory: "", timeoutSeconds: 60 },
    ]);
    const limited = {
      mainSteps: [
        {
          name: "w",
          action: "aws:runPowerShellScript",
          precondition: { StringEquals: ["platformType", "Windows"] },
          inputs: { runCommand: ["Get-Date"] },
        },
      ],
    };
    assert.equal((await renderCommandSteps(limited, {}, noSsm))[0]?.platformType, "Windows");
  });

  it("refuses a timeout outside 5..172800 seconds", async () => {
    const body = { mainSteps: [{ name: "s", action: "aws:runShellScript", inputs: { runCommand: ["true"], timeoutSeconds: "{{ t }}" } }] };
    await assert.rejects(renderCommandSteps(body, { t: ["2"] }, noSsm), { exception: "InvalidParameters" });
  });
});
