/**
 * @module Fleet search conditions as people write them (the CLI's `--where`, the console's condition fields):
 * `<key> <op> <value>` with op one of `=` `!=` `<` `>` `^=` (begins with), or `<key> exists`; several values are
 * separated by commas. `formatWhere` writes a condition back the same way.
 */
export interface Condition {
  Key: string;
  Operator: string;
  Values: string[];
}

/** The node fields a condition can name besides inventory attributes (`AWS:Application.Version`) and tags (`tag:env`). */
export const nodeFields = [
  "InstanceId",
  "PingStatus",
  "PlatformType",
  "PlatformName",
  "PlatformVersion",
  "AgentVersion",
  "ComputerName",
  "IPAddress",
  "ResourceType",
];

const operators: [string, string][] = [
  ["!=", "NotEqual"],
  ["^=", "BeginWith"],
  ["=", "Equal"],
  ["<", "LessThan"],
  [">", "GreaterThan"],
];

/** `AWS:Application.Version < 2.17` → a condition; several values separated by commas (`Name = a,b`). */
export function parseWhere(text: string): Condition {
  const exists = /^(\S+)\s+exists$/i.exec(text.trim());
  if (exists?.[1]) return { Key: exists[1], Operator: "Exists", Values: [] };
  for (const [symbol, operator] of operators) {
    const at = text.indexOf(` ${symbol} `);
    if (at > 0) {
      const value = text.slice(at + symbol.length + 2).trim();
      return { Key: text.slice(0, at).trim(), Operator: operator, Values: value.split(",").map((v) => v.trim()) };
    }
  }
  throw new Error(`cannot read the condition "${text}": write "<key> <op> <value>" with op one of = != < > ^= or "<key> exists"`);
}

/** A condition as `parseWhere` reads it. */
export function formatWhere(condition: Condition): string {
  if (condition.Operator === "Exists") return `${condition.Key} exists`;
  const symbol = operators.find(([, name]) => name === condition.Operator)?.[0] ?? condition.Operator;
  return `${condition.Key} ${symbol} ${condition.Values.join(",")}`;
}
