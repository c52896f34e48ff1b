/**
 * @module What GetInventory asks of a fleet, answered over FleetData: which nodes pass a set of attribute filters, and
 * counts by attribute values (aggregator expressions, nested) or by groups of filters. One request, one instance.
 */
import { InvalidAggregator, InvalidInventoryGroup } from "../../../protocol/errors/errors.ts";
import type { ServiceError } from "../../../protocol/errors/service-error.ts";
import { builtinTypeNamed } from "../../../protocol/inventory-types.ts";
import type { Scope } from "../../core/store/scope.ts";
import type { Entry, FleetData } from "./fleet-data.ts";
import { type AttributeFilter, matchesFilter } from "./inventory-filters.ts";
import type { InventoryStore } from "./inventory-store.ts";

export interface FilterInput {
  Key: string;
  Values: string[];
  Type?: string | undefined;
}
export interface GroupInput {
  Name: string;
  Filters: FilterInput[];
}
export interface AggregatorInput {
  Expression?: string;
  Aggregators?: AggregatorInput[];
  Groups?: GroupInput[];
}
/** A filter on one type's attribute. */
export interface TypedFilter {
  typeName: string;
  filter: AttributeFilter;
}
/** The data GetInventory returns for one type (or one group), by name. */
export type InventoryData = Record<string, { TypeName: string; SchemaVersion: string; Content: Entry[] }>;

/** One row of an aggregation: a node, the entry it came from, and the attribute values chosen so far. */
interface Row {
  node: string;
  typeName?: string;
  entry?: Entry;
  values: Entry;
}

/**
 * Whether a node's content text can hold an entry passing an Equal filter: entries are stored as `JSON.stringify`
 * output, so a match contains `"<attribute>":"<value>"` verbatim. Other operators need the parsed entries.
 */
function mayHold(filter: AttributeFilter): ((content: string) => boolean) | undefined {
  if (filter.type !== "Equal") return undefined;
  const members = filter.values.map((v) => `${JSON.stringify(filter.attribute)}:${JSON.stringify(v)}`);
  return (content) => members.some((m) => content.includes(m));
}

/** A Name filter (Equal or BeginWith) on a stored type, which the name index answers. */
const byNameIndex = ({ typeName, filter }: TypedFilter) =>
  filter.attribute === "Name" &&
  (filter.type === "Equal" || filter.type === "BeginWith") &&
  typeName !== "AWS:InstanceInformation" &&
  typeName !== "AWS:Tag";

const intersect = (ids: Iterable<string>, keep: (id: string) => boolean) => new Set([...ids].filter(keep));

export class InventoryQuestion {
  constructor(
    private readonly store: InventoryStore,
    private readonly scope: Scope,
    private readonly fleet: FleetData,
    private readonly customTypes: ReadonlySet<string>,
  ) {}

  known(typeName: string): boolean {
    return builtinTypeNamed.has(typeName) || this.customTypes.has(typeName);
  }

  /**
   * `AWS:Application.Name` → its type and attribute, checked: the type must exist in this account and Region, and a
   * built-in type must have the attribute (custom type names may hold dots: the attribute is after the last).
   */
  attributeOf(key: string, fail: (why: string) => ServiceError): { typeName: string; attribute: string; numeric: boolean } {
    const dot = key.lastIndexOf(".");
    const typeName = key.slice(0, dot);
    if (dot <= 0 || !/^(AWS|Custom):/.test(key) || !this.known(typeName))
      throw fail(`The key ${key} names no inventory type and attribute.`);
    const attribute = key.slice(dot + 1);
    const builtin = builtinTypeNamed.get(typeName);
    if (builtin && !(attribute in builtin.attributes)) throw fail(`${typeName} has no attribute ${attribute}.`);
    return { typeName, attribute, numeric: builtin?.attributes[attribute] === "number" };
  }

  filterOf(input: FilterInput, fail: (why: string) => ServiceError): TypedFilter {
    const { typeName, attribute, numeric } = this.attributeOf(input.Key, fail);
    return { typeName, filter: { attribute, values: input.Values, type: (input.Type ?? "Equal") as AttributeFilter["type"], numeric } };
  }

  /**
   * Nodes with at least one entry of each filter's type passing it. Name filters are answered by the name index
   * first; the other filters are then checked only on the nodes left, reading their contents. Without such a filter
   * every entry of the type is read.
   */
  async passing(filters: readonly TypedFilter[]): Promise<Set<string>> {
    let ids: Set<string> | undefined;
    for (const { typeName, filter } of filters.filter(byNameIndex)) {
      const keys =
        filter.type === "Equal"
          ? await this.store.entryKeys(this.scope, typeName, { names: filter.values })
          : (await Promise.all(filter.values.map((prefix) => this.store.entryKeys(this.scope, typeName, { prefix })))).flat();
      const named = new Set(keys.map((k) => k.instance_id));
      ids = intersect(ids ?? named, (id) => named.has(id));
    }
    const live = new Set((await this.fleet.nodes()).map((n) => n.instance_id));
    let left = intersect(ids ?? live, (id) => live.has(id));
    const narrowed = ids !== undefined;
    for (const { typeName, filter } of filters.filter((f) => !byNameIndex(f))) {
      const entries = narrowed
        ? await this.fleet.entriesOf(typeName, [...left], mayHold(filter))
        : (await this.fleet.type(typeName)).entries;
      left = intersect(left, (id) => (entries.get(id) ?? []).some((e) => matchesFilter(e[filter.attribute], filter)));
    }
    return left;
  }

  /** Counts for each aggregator, over the nodes that matched: by attribute values, or by groups. */
  async aggregate(aggregators: readonly AggregatorInput[], matching: ReadonlySet<string>): Promise<InventoryData> {
    const data: InventoryData = {};
    for (const aggregator of aggregators) {
      if (aggregator.Expression === undefined && !aggregator.Groups)
        throw new InvalidAggregator("An aggregator needs an Expression or Groups.");
      if (aggregator.Groups) Object.assign(data, await this.groupCounts(aggregator.Groups, matching));
      if (aggregator.Expression !== undefined) {
        const { typeName } = this.attributeOf(aggregator.Expression, (why) => new InvalidAggregator(why));
        const content = countRows(await this.expand(aggregator, [{ node: "", values: {} }], matching));
        data[typeName] = {
          TypeName: typeName,
          SchemaVersion: builtinTypeNamed.get(typeName)?.version ?? "1.0",
          Content: [...(data[typeName]?.Content ?? []), ...content],
        };
      }
    }
    return data;
  }

  /**
   * Rows of (node, attribute values) along an aggregator's chain of expressions. A nested expression on the same
   * type stays within the same entry (Name then Version of one application); another type joins by node.
   */
  private async expand(aggregator: AggregatorInput, rows: Row[], matching: ReadonlySet<string>): Promise<Row[]> {
    const { typeName, attribute } = this.attributeOf(aggregator.Expression ?? "", (why) => new InvalidAggregator(why));
    const typeData = await this.fleet.type(typeName);
    const out: Row[] = [];
    for (const row of rows)
      for (const node of row.node ? [row.node] : [...matching]) {
        const entries = row.typeName === typeName && row.entry ? [row.entry] : (typeData.entries.get(node) ?? []);
        for (const entry of entries) {
          const value = entry[attribute];
          if (value !== undefined) out.push({ node, typeName, entry, values: { ...row.values, [attribute]: value } });
        }
      }
    if (!aggregator.Aggregators) return out;
    const nested: Row[] = [];
    for (const inner of aggregator.Aggregators) nested.push(...(await this.expand(inner, out, matching)));
    return nested;
  }

  /** For each group, how many matching nodes pass all its filters and how many do not. */
  private async groupCounts(groups: readonly GroupInput[], matching: ReadonlySet<string>): Promise<InventoryData> {
    const data: InventoryData = {};
    const typesByNode = await this.fleet.typesByNode();
    for (const group of groups) {
      if (data[group.Name]) throw new InvalidInventoryGroup(`The group name ${group.Name} is used twice.`);
      let ids = new Set(matching);
      for (const filter of group.Filters) {
        if (filter.Key === "TypeName") {
          if ((filter.Type ?? "Equal") !== "Exists")
            throw new InvalidInventoryGroup("A TypeName filter in a group takes the Exists operator.");
          // Several type names: a node matches when it has any of them.
          ids = intersect(ids, (id) => filter.Values.some((t) => typesByNode.get(id)?.has(t)));
        } else {
          const passing = await this.passing([this.filterOf(filter, (why) => new InvalidInventoryGroup(why))]);
          ids = intersect(ids, (id) => passing.has(id));
        }
      }
      data[group.Name] = {
        TypeName: group.Name,
        SchemaVersion: "1.0",
        Content: [{ notMatchingCount: String(matching.size - ids.size) }, { matchingCount: String(ids.size) }],
      };
    }
    return data;
  }
}

/** One content entry per distinct combination of values, with its count. */
function countRows(rows: readonly Row[]): Entry[] {
  const counts = new Map<string, { values: Entry; count: number }>();
  for (const row of rows) {
    const key = JSON.stringify(row.values);
    const found = counts.get(key) ?? { values: row.values, count: 0 };
    found.count++;
    counts.set(key, found);
  }
  return [...counts.values()].map((c) => ({ Count: String(c.count), ...c.values }));
}
