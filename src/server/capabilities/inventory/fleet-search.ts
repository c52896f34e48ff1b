/**
 * @module Fleet search (beyond SSM): conditions on inventory attributes and on node fields, ANDed. Conditions on one
 * inventory type hold on the same entry (Name = log4j-core AND Version < 2.17 is one application), versions compare
 * as their ecosystem orders them, and a Name condition is answered from the name index rather than by a scan.
 */
import { InvalidFilter } from "../../../protocol/errors/errors.ts";
import { builtinTypeNamed } from "../../../protocol/inventory-types.ts";
import { nodeFields } from "../../../protocol/search-conditions.ts";
import type { Scope } from "../../core/store/scope.ts";
import type { InstanceRow, ManagedNodesCapability } from "../managed-nodes/index.ts";
import type { TagStore } from "../tags/index.ts";
import type { EntryKey, EntryRow, InventoryStore } from "./inventory-store.ts";
import { compareVersions, schemeOf, type VersionScheme } from "./version-order.ts";

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

type Entry = Record<string, string>;

function compare(value: string, wanted: string, attribute: string, scheme: VersionScheme, numeric: boolean): number {
  if (attribute === "Version") return compareVersions(value, wanted, scheme);
  if (numeric && !Number.isNaN(Number(value)) && !Number.isNaN(Number(wanted))) return Math.sign(Number(value) - Number(wanted));
  return value < wanted ? -1 : value > wanted ? 1 : 0;
}

/** Whether `value` meets the condition; a Version compares in `scheme` (the entry's version order). */
function holds(value: string | undefined, condition: SearchCondition, attribute: string, scheme: VersionScheme, numeric: boolean): boolean {
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
      return condition.Values.some((v) => compare(value, v, attribute, scheme, numeric) < 0);
    case "GreaterThan":
      return condition.Values.some((v) => compare(value, v, attribute, scheme, numeric) > 0);
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

/** A match: a node, and the entry of the first inventory type in the conditions when there is one. */
export interface SearchMatch {
  instanceId: string;
  seq?: number;
  /** The entry's attributes, when the search read them; otherwise where to read them from. */
  attributes?: string;
  at?: Pick<EntryKey, "generation" | "offset" | "length">;
}

export interface SearchResult {
  typeName?: string;
  matches: SearchMatch[];
  /** Builds the rows of some matches (a page): node fields and the entry's attributes. */
  rows(matches: readonly SearchMatch[]): Promise<SearchRow[]>;
}

type TypeConditions = { attribute: string; condition: SearchCondition; numeric: boolean }[];

/** Entries of a type that pass its conditions; from the covering name index when only Name and Version are asked. */
async function matchingEntries(
  store: InventoryStore,
  scope: Scope,
  typeName: string,
  conditions: TypeConditions,
  allowed: ReadonlySet<string> | undefined,
): Promise<(EntryKey | EntryRow)[]> {
  const byName = conditions.find(
    (c) => c.attribute === "Name" && (c.condition.Operator === "Equal" || c.condition.Operator === "BeginWith"),
  );
  const keysOnly = byName !== undefined && conditions.every((c) => c.attribute === "Name" || c.attribute === "Version");
  if (byName && keysOnly) {
    const keys =
      byName.condition.Operator === "Equal"
        ? await store.entryKeys(scope, typeName, { names: byName.condition.Values })
        : (await Promise.all(byName.condition.Values.map((prefix) => store.entryKeys(scope, typeName, { prefix })))).flat();
    // Versions repeat across a fleet: each (name, version, scheme) is judged once per search.
    const judged = new Map<string, boolean>();
    return inNodeOrder(
      keys.filter((key) => {
        if (allowed && !allowed.has(key.instance_id)) return false;
        const memo = `${key.name}\0${key.version}\0${key.scheme}`;
        let passes = judged.get(memo);
        if (passes === undefined) {
          const entry: Entry = { Name: key.name, ...(key.version !== null ? { Version: key.version } : {}) };
          const scheme = (key.scheme ?? "semver") as VersionScheme;
          passes = conditions.every((c) => holds(entry[c.attribute], c.condition, c.attribute, scheme, c.numeric));
          judged.set(memo, passes);
        }
        return passes;
      }),
    );
  }
  const rows: EntryRow[] =
    byName?.condition.Operator === "Equal"
      ? await store.entriesOfType(scope, typeName, byName.condition.Values)
      : byName?.condition.Operator === "BeginWith"
        ? (await Promise.all(byName.condition.Values.map((prefix) => store.entriesOfTypeNamePrefix(scope, typeName, prefix)))).flat()
        : await store.entriesOfType(scope, typeName);
  return inNodeOrder(
    rows.filter((row) => {
      if (allowed && !allowed.has(row.instance_id)) return false;
      const entry = JSON.parse(row.attributes) as Entry;
      return conditions.every((c) => holds(entry[c.attribute], c.condition, c.attribute, schemeOf(entry), c.numeric));
    }),
  );
}

/** Results in (node, position) order: pages are stable between calls. */
const inNodeOrder = <R extends { instance_id: string; seq: number }>(rows: R[]): R[] =>
  rows.sort((a, b) => (a.instance_id < b.instance_id ? -1 : a.instance_id > b.instance_id ? 1 : a.seq - b.seq));

export async function searchFleet(
  deps: { store: InventoryStore; nodes: ManagedNodesCapability; tags: TagStore },
  scope: Scope,
  conditions: readonly SearchCondition[],
  now: number,
): Promise<SearchResult> {
  const customTypes = new Set((await deps.store.customTypes.all(scope)).map((c) => c.type_name));
  const parsed = parseConditions(conditions, customTypes);
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
  // Nodes are only listed when a node field is asked or no inventory type narrows the search.
  let allowed: Set<string> | undefined;
  if (parsed.node.length > 0 || parsed.byType.size === 0)
    allowed = new Set(
      (await deps.nodes.listAll(scope))
        .filter((n) => parsed.node.every((c) => holds(nodeValue(n, c.Key), c, c.Key, "semver", false)))
        .map((n) => n.instance_id),
    );
  for (const c of parsed.tags) {
    let tagged: Set<string>;
    if (c.Key === "tag-key") {
      tagged = new Set<string>();
      for (const key of c.Values) for (const id of await deps.tags.resourcesWithTag(scope, "ManagedInstance", key)) tagged.add(id);
    } else if (c.Operator === "Equal") {
      tagged = await deps.tags.resourcesWithTag(scope, "ManagedInstance", c.Key.slice(4), c.Values);
    } else {
      const all = await deps.tags.listAllOfType(scope, "ManagedInstance");
      const candidates = allowed ?? new Set((await deps.nodes.listAll(scope)).map((n) => n.instance_id));
      tagged = new Set(
        [...candidates].filter((id) =>
          holds((all.get(id) ?? []).find((t) => t.Key === c.Key.slice(4))?.Value, c, "Value", "semver", false),
        ),
      );
    }
    allowed = allowed ? new Set([...allowed].filter((id) => tagged.has(id))) : tagged;
  }
  // Each type's conditions must hold on one entry of the node; the first type's matching entries are the results.
  let primary: { typeName: string; entries: (EntryKey | EntryRow)[] } | undefined;
  for (const [typeName, typeConditions] of parsed.byType) {
    const matched = await matchingEntries(deps.store, scope, typeName, typeConditions, allowed);
    allowed = new Set(matched.map((r) => r.instance_id));
    primary ??= { typeName, entries: matched };
  }
  const matches: SearchMatch[] = primary
    ? primary.entries
        .filter((e) => allowed?.has(e.instance_id) ?? true)
        .map((e) => ({
          instanceId: e.instance_id,
          seq: e.seq,
          ...("attributes" in e ? { attributes: e.attributes } : { at: { generation: e.generation, offset: e.offset, length: e.length } }),
        }))
    : [...(allowed ?? [])].sort().map((instanceId) => ({ instanceId }));
  return {
    ...(primary ? { typeName: primary.typeName } : {}),
    matches,
    async rows(page) {
      const nodes = new Map(
        (await deps.nodes.instances.getMany(scope, [...new Set(page.map((m) => m.instanceId))])).map((n) => [n.instance_id, n]),
      );
      const attributes = primary
        ? await deps.store.attributesOf(
            scope,
            primary.typeName,
            page.flatMap((m) => (m.at && m.seq !== undefined ? [{ instance_id: m.instanceId, seq: m.seq, ...m.at }] : [])),
          )
        : new Map<string, string>();
      return page.flatMap((match) => {
        const node = nodes.get(match.instanceId);
        if (!node) return [];
        const attributesJson = match.attributes ?? attributes.get(`${match.instanceId}/${match.seq}`);
        return [
          {
            InstanceId: node.instance_id,
            ComputerName: node.computer_name ?? "",
            PingStatus: deps.nodes.pingStatus(node, now),
            PlatformType: node.platform_type ?? "",
            PlatformName: node.platform_name ?? "",
            PlatformVersion: node.platform_version ?? "",
            ...(primary && attributesJson ? { TypeName: primary.typeName, Attributes: JSON.parse(attributesJson) as Entry } : {}),
          },
        ];
      });
    },
  };
}
