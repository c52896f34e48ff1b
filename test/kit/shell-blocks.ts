/** @module The shell blocks of a Markdown file, as the commands a reader would type: one per line, continuations joined. */

export interface ShellCommand {
  /** The Markdown file's section (the nearest heading above), to say where a failing command is. */
  section: string;
  /** The command as written, with `\` continuations joined into one line. */
  text: string;
}

/** Every command of every ```sh block (indented blocks inside lists included), in the order a reader meets them. */
export function shellCommands(markdown: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let section = "";
  let block: "none" | "sh" | "other" = "none";
  let indent = "";
  let pending = "";
  for (const line of markdown.split("\n")) {
    if (block === "none") {
      const fence = /^(\s*)```(\w*)\s*$/.exec(line);
      if (fence) {
        block = fence[2] === "sh" ? "sh" : "other";
        indent = fence[1] ?? "";
        continue;
      }
      const heading = /^#+\s+(.*)$/.exec(line);
      if (heading) section = heading[1] ?? "";
      continue;
    }
    if (/^\s*```\s*$/.test(line)) {
      block = "none";
      continue;
    }
    if (block === "other") continue;
    const text = line.startsWith(indent) ? line.slice(indent.length) : line.trimStart();
    // Blank lines and whole-line comments are for the reader.
    if (text.trim() === "" || text.trimStart().startsWith("#")) continue;
    if (text.endsWith("\\")) {
      pending += `${text.slice(0, -1).trim()} `;
      continue;
    }
    commands.push({ section, text: `${pending}${text.trim()}` });
    pending = "";
  }
  return commands;
}
