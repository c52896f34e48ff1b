/**
 * @module fast-check arbitraries from an action's TypeBox schema, for fuzzing: mostly inputs of the right shape with
 * hostile values (boundary lengths, NUL, quotes, Unicode, path tricks), and now and then a member of the wrong type,
 * a missing required member or an unknown one.
 */
import fc from "fast-check";

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  const?: unknown;
  patternProperties?: Record<string, Schema>;
  awsPattern?: string;
  awsEnum?: string[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
};

const hostile = [
  "",
  " ",
  "\u0000",
  "../../etc/passwd",
  "/",
  "*",
  "'\"`$(id);",
  "{{ssm:/x}}",
  "arn:aws:ssm:us-east-1:000000000000:document/x",
  "é日本\u202e",
  "%00",
  "a".repeat(300),
];

function modelRegex(pattern: string): RegExp | undefined {
  for (const flags of ["u", ""]) {
    try {
      return new RegExp(pattern, flags);
    } catch {}
  }
  return undefined;
}

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  if (schema.awsEnum) return fc.oneof(fc.constantFrom(...schema.awsEnum), fc.constantFrom(...hostile));
  const max = Math.min(schema.maxLength ?? 64, 64);
  const plain = fc.string({ minLength: Math.min(schema.minLength ?? 0, max), maxLength: max, unit: "binary" });
  const regex = schema.awsPattern ? modelRegex(schema.awsPattern) : undefined;
  const matching: fc.Arbitrary<string>[] = [];
  try {
    if (regex) matching.push(fc.stringMatching(regex, { size: "small" }));
  } catch {
    // fast-check cannot generate from every pattern (lookaheads): plain and hostile strings still cover the member.
  }
  return fc.oneof(...matching, ...matching, plain, fc.constantFrom(...hostile));
}

/** An arbitrary for `schema`; `depth` bounds recursion. */
export function arbitraryFor(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const wrongType = fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 4 }), fc.constant([]), fc.constant({}), fc.boolean());
  let shaped: fc.Arbitrary<unknown>;
  if (schema.const !== undefined) shaped = fc.constant(schema.const);
  else if (schema.anyOf) shaped = fc.oneof(...schema.anyOf.map((s) => arbitraryFor(s, depth + 1)));
  else if (schema.type === "string") shaped = stringArbitrary(schema);
  else if (schema.type === "integer")
    shaped = fc.oneof(
      fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1_000_000 }),
      fc.constantFrom(-1, 0, 2 ** 31, 2 ** 53, (schema.maximum ?? 0) + 1),
    );
  else if (schema.type === "number") shaped = fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(0, -1, 1e308));
  else if (schema.type === "boolean") shaped = fc.boolean();
  else if (schema.type === "array" && schema.items && depth < 6)
    shaped = fc.array(arbitraryFor(schema.items, depth + 1), {
      minLength: schema.minItems ?? 0,
      maxLength: Math.min(schema.maxItems ?? 3, 3),
    });
  else if (schema.type === "object" && schema.patternProperties && depth < 6) {
    const value = Object.values(schema.patternProperties)[0] ?? {};
    shaped = fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...hostile)), arbitraryFor(value, depth + 1), {
      maxKeys: 3,
    });
  } else if (schema.type === "object" && schema.properties && depth < 6) {
    const properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, arbitraryFor(v, depth + 1)]));
    shaped = fc.record(properties, { requiredKeys: schema.required ?? [] });
  } else shaped = fc.anything({ maxDepth: 2 });
  // Mostly the right shape; sometimes the wrong type, so every member's type check is exercised too.
  return depth === 0 ? shaped : fc.oneof({ arbitrary: shaped, weight: 9 }, { arbitrary: wrongType, weight: 1 });
}
