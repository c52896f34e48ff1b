/**
 * @module Fleet search (beyond SSM): conditions on inventory attributes and on node fields, ANDed. Conditions on one
 * inventory type hold on the same entry (Name = log4j-core AND Version < 2.17 is one application), versions compare
 * as their ecosystem orders them, and a Name condition is answered from the name index rather than by a scan.
 */
import { InvalidFilter } from "../../../protocol/errors/errors.ts";
import type { InstanceRow, ManagedNodesCapability } from "../managed-nodes/index.ts";
import type { TagStore } from "../tags/index.ts";
import type { EntryRow, InventoryStore, Scope } from "./inventory-store.ts";
import { builtinTypeNamed } from "./inventory-types.ts";
import { compareVersions, schemeOf } from "./version-order.ts";

export type SearchOperator = "Equal" | "NotEqual" | "BeginWith" | "LessThan" | "GreaterThan" | "Exists";

export interface SearchCondition {
  Key: string;
  Operator: SearchOperator;
  Values: string[];
}

export interface SearchRow {
  InstanceId: string;
  ComputerName: string;
  PingStatus: string;
  PlatformType: string;
  PlatformName: string;
  PlatformVersion: string;
  /** The entry that matched (of the first inventory type in the conditions), when there is one. */
  TypeName?: string;
  Attributes?: Record<string, string>;
}

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

type Entry = Record<string, string>;

function compare(value: string, wanted: string, attribute: string, entry: Entry, numeric: boolean): number {
  if (attribute === "Version") return compareVersions(value, wanted, schemeOf(entry));
  if (numeric && !Number.isNaN(Number(value)) && !Number.isNaN(Number(wanted))) return Math.sign(Number(value) - Number(wanted));
  return value < wanted ? -1 : value > wanted ? 1 : 0;
}

function holds(value: string | undefined, condition: SearchCondition, attribute: string, entry: Entry, numeric: boolean): boolean {
  if (condition.Operator === "Exists") return value !== undefined;
  if (value === undefined) return condition.Operator === "NotEqual";
  switch (condition.Operator) {
    case "Equal":
      return condition.Values.includes(value);
    case "NotEqual":
      return !condition.Values.includes(value);
    case "BeginWith":
      return condition.Values.some((v) => value.startsWith(v));
    case "LessThan":
      return condition.Values.some((v) => compare(value, v, attribute, entry, numeric) < 0);
    case "GreaterThan":
      return condition.Values.some((v) => compare(value, v, attribute, entry, numeric) > 0);
  }
}

interface Parsed {
  byType: Map<string, { attribute: string; condition: SearchCondition; numeric: boolean }[]>;
  node: SearchCondition[];
  tags: SearchCondition[];
}

export function parseConditions(conditions: readonly SearchCondition[], customTypes: ReadonlySet<string>): Parsed {
  const parsed: Parsed = { byType: new Map(), node: [], tags: [] };
  for (const condition of conditions) {
    if (condition.Operator !== "Exists" && condition.Values.length === 0)
      throw new InvalidFilter(`${condition.Key} ${condition.Operator} needs a value.`);
    if (condition.Key.startsWith("tag:") || condition.Key === "tag-key") {
      parsed.tags.push(condition);
    } else if (nodeFields.includes(condition.Key)) {
      parsed.node.push(condition);
    } else {
      const dot = condition.Key.lastIndexOf(".");
      const typeName = condition.Key.slice(0, dot);
      const attribute = condition.Key.slice(dot + 1);
      const builtin = builtinTypeNamed.get(typeName);
      if (dot <= 0 || (!builtin && !customTypes.has(typeName)) || builtin?.serviceMade)
        throw new InvalidFilter(
          `${condition.Key} is neither a node field (${nodeFields.join(", ")}, tag:<key>, tag-key) nor an inventory type's attribute.`,
        );
      if (builtin && !(attribute in builtin.attributes)) throw new InvalidFilter(`${typeName} has no attribute ${attribute}.`);
      const list = parsed.byType.get(typeName) ?? [];
      list.push({ attribute, condition, numeric: builtin?.attributes[attribute] === "number" });
      parsed.byType.set(typeName, list);
    }
  }
  return parsed;
}

/** Candidate entries of a type: from the name index when a Name condition allows, else every entry of the type. */
async function candidates(
  store: InventoryStore,
  scope: Scope,
  typeName: string,
  conditions: { attribute: string; condition: SearchCondition }[],
): Promise<EntryRow[]> {
  const byName = conditions.find(
    (c) => c.attribute === "Name" && (c.condition.Operator === "Equal" || c.condition.Operator === "BeginWith"),
  );
  if (byName?.condition.Operator === "Equal") return store.entriesOfType(scope, typeName, byName.condition.Values);
  if (byName?.condition.Operator === "BeginWith") {
    const rows = await Promise.all(byName.condition.Values.map((prefix) => store.entriesOfTypeNamePrefix(scope, typeName, prefix)));
    return rows.flat();
  }
  return store.entriesOfType(scope, typeName);
}

export async function searchFleet(
  deps: { store: InventoryStore; nodes: ManagedNodesCapability; tags: TagStore },
  scope: Scope,
  conditions: readonly SearchCondition[],
  now: number,
): Promise<SearchRow[]> {
  const customTypes = new Set((await deps.store.customTypes(scope)).map((c) => c.type_name));
  const parsed = parseConditions(conditions, customTypes);
  const nodes = new Map((await deps.nodes.listAll(scope)).map((n) => [n.instance_id, n]));
  const nodeValue = (node: InstanceRow, field: string): string | undefined => {
    const values: Record<string, string | null> = {
      InstanceId: node.instance_id,
      PingStatus: deps.nodes.pingStatus(node, now),
      PlatformType: node.platform_type,
      PlatformName: node.platform_name,
      PlatformVersion: node.platform_version,
      AgentVersion: node.agent_version,
      ComputerName: node.computer_name,
      IPAddress: node.ip_address,
      ResourceType: "ManagedInstance",
    };
    return values[field] ?? undefined;
  };
  let allowed = new Set(
    [...nodes.values()].filter((n) => parsed.node.every((c) => holds(nodeValue(n, c.Key), c, c.Key, {}, false))).map((n) => n.instance_id),
  );
  if (parsed.tags.length > 0) {
    const tags = await deps.tags.listAllOfType(scope, "ManagedInstance");
    allowed = new Set(
      [...allowed].filter((id) =>
        parsed.tags.every((c) => {
          const nodeTags = tags.get(id) ?? [];
          if (c.Key === "tag-key") return c.Values.some((k) => nodeTags.some((t) => t.Key === k));
          const tag = nodeTags.find((t) => t.Key === c.Key.slice(4));
          return holds(tag?.Value, c, "Value", {}, false);
        }),
      ),
    );
  }
  // Each type's conditions must hold on one entry of the node; the first type's matching entries are the rows.
  let primary: { typeName: string; rows: EntryRow[] } | undefined;
  for (const [typeName, typeConditions] of parsed.byType) {
    const matched = (await candidates(deps.store, scope, typeName, typeConditions)).filter((row) => {
      if (!allowed.has(row.instance_id)) return false;
      const entry = JSON.parse(row.attributes) as Entry;
      return typeConditions.every((c) => holds(entry[c.attribute], c.condition, c.attribute, entry, c.numeric));
    });
    allowed = new Set(matched.map((r) => r.instance_id));
    primary ??= { typeName, rows: matched };
  }
  const rows: SearchRow[] = [];
  const base = (node: InstanceRow): SearchRow => ({
    InstanceId: node.instance_id,
    ComputerName: node.computer_name ?? "",
    PingStatus: deps.nodes.pingStatus(node, now),
    PlatformType: node.platform_type ?? "",
    PlatformName: node.platform_name ?? "",
    PlatformVersion: node.platform_version ?? "",
  });
  if (primary) {
    for (const row of primary.rows) {
      const node = nodes.get(row.instance_id);
      if (!node || !allowed.has(row.instance_id)) continue;
      rows.push({ ...base(node), TypeName: primary.typeName, Attributes: JSON.parse(row.attributes) as Entry });
    }
  } else {
    for (const id of [...allowed].sort()) {
      const node = nodes.get(id);
      if (node) rows.push(base(node));
    }
  }
  return rows;
}
