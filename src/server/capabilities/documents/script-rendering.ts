/**
 * @module Puts parameter values into a step's script without letting them become code. The script is read once, from
 * start to end, with the shell's quoting (sh or PowerShell) tracked; each `{{ reference }}` becomes an expansion of
 * an environment variable that carries its value, written to suit the quoting it stands in. The shell never parses an
 * expanded value as code, so a value cannot break out whatever it holds, and values are never read again as
 * templates (`a="{{b}}"` stays the text `{{b}}`).
 */

/** A step's script with its values beside it: the agent sets `environment` for the step's process. */
export interface RenderedScript {
  lines: string[];
  environment: Record<string, string>;
}

/** The values of one reference (a StringList has several) or a lookup failure, in the order they appear. */
export type ValuesOf = (reference: string) => Promise<string[]>;

/** Where the scanner stands: a comment lasts to the end of its line; `$( )` counts its own parentheses. */
type Frame = "plain" | "single" | "double" | "backtick" | "comment" | { paren: number };

const referenceAt = /\{\{\s*([^}\s]+)\s*\}\}/y;
const wholeLine = /^\s*\{\{\s*([^}\s]+)\s*\}\}\s*$/;

/** The name of the n-th value's variable (`BOSUN_PARAM_1`, ...). */
const variableName = (n: number) => `BOSUN_PARAM_${n}`;

/** How a value held in `name` is written where the sh scanner stands. */
function shExpansion(frame: Frame, names: string[]): string {
  if (frame === "double") return names.map((n) => `\${${n}}`).join(" ");
  // Close the single quotes, expand inside double quotes, open them again: 'a{{x}}b' → 'a'"${X}"'b'.
  if (frame === "single") return `'"${names.map((n) => `\${${n}}`).join(" ")}"'`;
  return names.map((n) => `"\${${n}}"`).join(" ");
}

/** PowerShell's quote characters include the typographic ones: each must be doubled inside its own kind of string. */
const psSingleQuote = /['\u2018\u2019\u201A\u201B]/;
const psSingleQuotes = new RegExp(psSingleQuote.source, "g");
const psDoubleQuote = /["\u201C\u201D\u201E]/;

/** A single-quoted PowerShell string expands nothing, and its only escape is a doubled quote: values go in as text. */
const psSingleQuoted = (values: string[]): string => values.map((v) => v.replace(psSingleQuotes, (q) => q + q)).join(" ");

/** Renders script lines for `aws:runShellScript` (sh) or `aws:runPowerShellScript`. */
export async function renderScriptLines(lines: string[], action: string, valuesOf: ValuesOf): Promise<RenderedScript> {
  const powershell = action === "aws:runPowerShellScript";
  const environment: Record<string, string> = {};
  const stack: Frame[] = ["plain"];
  const top = (): Frame => stack[stack.length - 1] ?? "plain";
  const out: string[] = [];

  async function expansion(reference: string, frame: Frame): Promise<string> {
    const values = await valuesOf(reference);
    if (powershell && frame === "single") return psSingleQuoted(values);
    const names = values.map((value) => {
      const name = variableName(Object.keys(environment).length + 1);
      environment[name] = value;
      return name;
    });
    return powershell ? names.map((n) => `\${env:${n}}`).join(" ") : shExpansion(frame, names);
  }

  for (const line of lines) {
    // A line that is only a reference, outside any quotes, is code the document's author asked for
    // (AWS-RunShellScript's `commands`): its values become lines of the script.
    const whole = stack.length === 1 ? wholeLine.exec(line) : null;
    if (whole) {
      out.push(...(await valuesOf(whole[1] ?? "")).flatMap((v) => v.split("\n")));
      continue;
    }
    let rendered = "";
    let i = 0;
    while (i < line.length) {
      referenceAt.lastIndex = i;
      const reference = referenceAt.exec(line);
      if (reference) {
        rendered += await expansion(reference[1] ?? "", top());
        i = referenceAt.lastIndex;
        continue;
      }
      const step = powershell ? scanPowerShell(line, i, stack) : scanSh(line, i, stack);
      rendered += line.slice(i, i + step);
      i += step;
    }
    if (top() === "comment") stack.pop();
    out.push(rendered);
  }
  return { lines: out, environment };
}

/** Moves the sh scanner over one token at `i`; returns how many characters it took. */
function scanSh(line: string, i: number, stack: Frame[]): number {
  const frame = stack[stack.length - 1] ?? "plain";
  const c = line[i];
  if (frame === "comment") return 1;
  if (frame === "single") {
    if (c === "'") stack.pop();
    return 1;
  }
  if (c === "\\") return 2;
  if (c === "$" && line[i + 1] === "(") {
    stack.push({ paren: 0 });
    return 2;
  }
  if (c === "`") {
    if (frame === "backtick") stack.pop();
    else stack.push("backtick");
    return 1;
  }
  if (frame === "double") {
    if (c === '"') stack.pop();
    return 1;
  }
  if (c === "'") stack.push("single");
  else if (c === '"') stack.push("double");
  else unquoted(line, i, frame, stack);
  return 1;
}

/** Outside quotes, both shells alike: parentheses inside `$( )`, and `#` starting a comment. */
function unquoted(line: string, i: number, frame: Frame, stack: Frame[]): void {
  const c = line[i];
  if (typeof frame === "object" && c === "(") frame.paren++;
  else if (typeof frame === "object" && c === ")") {
    if (frame.paren === 0) stack.pop();
    else frame.paren--;
  } else if (c === "#" && (i === 0 || /\s/.test(line[i - 1] ?? ""))) stack.push("comment");
}

/** Moves the PowerShell scanner over one token at `i`; returns how many characters it took. */
function scanPowerShell(line: string, i: number, stack: Frame[]): number {
  const frame = stack[stack.length - 1] ?? "plain";
  const c = line[i] ?? "";
  const next = line[i + 1] ?? "";
  if (frame === "comment") return 1;
  if (frame === "single") {
    if (!psSingleQuote.test(c)) return 1;
    // A doubled quote is a quote inside the string.
    if (psSingleQuote.test(next)) return 2;
    stack.pop();
    return 1;
  }
  if (c === "`") return 2;
  if (c === "$" && next === "(") {
    stack.push({ paren: 0 });
    return 2;
  }
  if (frame === "double") {
    if (!psDoubleQuote.test(c)) return 1;
    if (psDoubleQuote.test(next)) return 2;
    stack.pop();
    return 1;
  }
  if (psSingleQuote.test(c)) stack.push("single");
  else if (psDoubleQuote.test(c)) stack.push("double");
  else unquoted(line, i, frame, stack);
  return 1;
}
