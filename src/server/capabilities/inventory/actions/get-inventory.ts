/**
 * @module GetInventory: nodes whose inventory passes the filters, with one type's data each (AWS:InstanceInformation
 * unless ResultAttributes names another); or, with Aggregators, counts by attribute values (nested, across types by
 * node) and by groups of filters (matchingCount / notMatchingCount).
 */
import { randomUUID } from "node:crypto";
import { type Static, type TSchema, Type } from "@sinclair/typebox";
import { InvalidAggregator, InvalidFilter, InvalidInventoryGroup, InvalidResultAttribute } from "../../../../protocol/errors/errors.ts";
import { builtinTypeNamed } from "../../../../protocol/inventory-types.ts";
import { defineAction } from "../../../core/api/action.ts";
import { decodeNextToken, encodeNextToken } from "../../../core/api/next-token.ts";
import { AwsInteger, AwsList, AwsString, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { type Entry, FleetData } from "../fleet-data.ts";
import { type AttributeFilter, matchesFilter } from "../inventory-filters.ts";
import { type InventoryDeps, InventoryFilterListShape, inventoryArn, TypeNameShape } from "../inventory-shapes.ts";

const Group = () => Type.Object({ Name: AwsString({ min: 1, max: 200 }), Filters: InventoryFilterListShape() });
const Aggregator = Type.Recursive((This) =>
  Type.Object({
    Expression: Type.Optional(AwsString({ min: 1, max: 1000 })),
    Aggregators: Type.Optional(AwsList(This as TSchema, { min: 1, max: 10 })),
    Groups: Type.Optional(AwsList(Group(), { min: 1, max: 15 })),
  }),
);
interface AggregatorInput {
  Expression?: string;
  Aggregators?: AggregatorInput[];
  Groups?: Static<ReturnType<typeof Group>>[];
}
type FilterInput = Static<ReturnType<typeof InventoryFilterListShape>>[number];
/** One row of an aggregation: a node, the entry it came from, and the attribute values chosen so far. */
interface Row {
  node: string;
  typeName?: string;
  entry?: Entry;
  values: Entry;
}

/** `AWS:Application.Name` → type and attribute (custom type names may hold dots: the attribute is after the last). */
function splitKey(key: string): { typeName: string; attribute: string } | undefined {
  const dot = key.lastIndexOf(".");
  if (dot <= 0 || !/^(AWS|Custom):/.test(key)) return undefined;
  return { typeName: key.slice(0, dot), attribute: key.slice(dot + 1) };
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

/** The nodes a filtered listing matched, kept for its later pages (keyed by an id sealed into the NextToken). */
interface Snapshot {
  question: string;
  ids: Set<string>;
  at: number;
}
const snapshotLifetimeMs = 5 * 60_000;
const maxSnapshots = 64;

export function getInventoryAction(deps: InventoryDeps) {
  const snapshots = new Map<string, Snapshot>();
  const keepSnapshot = (id: string | undefined, snapshot: Snapshot): string => {
    const key = id ?? randomUUID();
    snapshots.delete(key);
    snapshots.set(key, snapshot);
    for (const [old, kept] of snapshots)
      if (snapshots.size > maxSnapshots || snapshot.at - kept.at >= snapshotLifetimeMs) snapshots.delete(old);
    return key;
  };
  return defineAction({
    target: "AmazonSSM",
    name: "GetInventory",
    input: Type.Object({
      Filters: Type.Optional(InventoryFilterListShape()),
      Aggregators: Type.Optional(AwsList(Aggregator, { min: 1, max: 10 })),
      ResultAttributes: Type.Optional(AwsList(Type.Object({ TypeName: TypeNameShape() }), { min: 1, max: 1 })),
      NextToken: Type.Optional(NextTokenShape()),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 50 })),
    }),
    resources: (ctx) => [inventoryArn(ctx, "*")],
    async handle(ctx, input) {
      const customs = new Set((await deps.store.customTypes(ctx)).map((c) => c.type_name));
      const known = (typeName: string) => builtinTypeNamed.has(typeName) || customs.has(typeName);
      const attributeFilter = (filter: FilterInput, fail: (why: string) => Error): { typeName: string; filter: AttributeFilter } => {
        const split = splitKey(filter.Key);
        if (!split || !known(split.typeName)) throw fail(`The filter key ${filter.Key} names no inventory type and attribute.`);
        const builtin = builtinTypeNamed.get(split.typeName);
        if (builtin && !(split.attribute in builtin.attributes)) throw fail(`${split.typeName} has no attribute ${split.attribute}.`);
        return {
          typeName: split.typeName,
          filter: {
            attribute: split.attribute,
            values: filter.Values,
            type: filter.Type ?? "Equal",
            numeric: builtin?.attributes[split.attribute] === "number",
          },
        };
      };
      const filters = (input.Filters ?? []).map((f) => attributeFilter(f, (why) => new InvalidFilter(why)));
      const resultType = input.ResultAttributes?.[0]?.TypeName ?? "AWS:InstanceInformation";
      if (!known(resultType)) throw new InvalidResultAttribute(`${resultType} is not an inventory type of this account and Region.`);

      const fleet = new FleetData(deps.store, deps.nodes, deps.tags, ctx, ctx.now);
      /**
       * Nodes with at least one entry of the filter's type passing it (all filters must hold). A Name filter (Equal or
       * BeginWith) on a stored type is answered by the name index; the other filters are then checked only on the
       * nodes left, reading their contents. Without such a filter every entry of the type is read.
       */
      const passes = async (nodeFilters: typeof filters): Promise<Set<string>> => {
        const indexed = (f: (typeof filters)[number]) =>
          f.filter.attribute === "Name" &&
          (f.filter.type === "Equal" || f.filter.type === "BeginWith") &&
          f.typeName !== "AWS:InstanceInformation" &&
          f.typeName !== "AWS:Tag";
        let ids: Set<string> | undefined;
        for (const { typeName, filter } of nodeFilters.filter(indexed)) {
          const keys =
            filter.type === "Equal"
              ? await deps.store.entryKeys(ctx, typeName, { names: filter.values })
              : (await Promise.all(filter.values.map((prefix) => deps.store.entryKeys(ctx, typeName, { prefix })))).flat();
          const named = new Set(keys.map((k) => k.instance_id));
          ids = new Set([...(ids ?? named)].filter((id) => named.has(id)));
        }
        const live = new Set((await fleet.nodes()).map((n) => n.instance_id));
        ids = new Set([...(ids ?? live)].filter((id) => live.has(id)));
        const narrowed = nodeFilters.some(indexed);
        for (const { typeName, filter } of nodeFilters.filter((f) => !indexed(f))) {
          const entries: Map<string, Entry[]> = narrowed
            ? await fleet.entriesOf(typeName, [...ids], mayHold(filter))
            : (await fleet.type(typeName)).entries;
          ids = new Set([...ids].filter((id) => (entries.get(id) ?? []).some((e) => matchesFilter(e[filter.attribute], filter))));
        }
        return ids;
      };
      const position = input.NextToken
        ? decodeNextToken<{ after: string; snapshot?: string }>(deps.keyring, ctx, "GetInventory", input.NextToken)
        : undefined;
      const question = JSON.stringify([ctx.accountId, ctx.region, input.Filters ?? [], resultType]);
      const held = position?.snapshot ? snapshots.get(position.snapshot) : undefined;
      // Later pages of a listing reuse the nodes its first page found (for a few minutes), as one consistent listing.
      const matching = held && held.question === question && ctx.now - held.at < snapshotLifetimeMs ? held.ids : await passes(filters);

      if (input.Aggregators) {
        const data: Record<string, { TypeName: string; SchemaVersion: string; Content: Entry[] }> = {};
        for (const aggregator of input.Aggregators as AggregatorInput[]) {
          if (aggregator.Groups) await groupCounts(aggregator.Groups, data);
          if (aggregator.Expression !== undefined) {
            const top = splitKey(aggregator.Expression);
            if (!top || !known(top.typeName))
              throw new InvalidAggregator(`The expression ${aggregator.Expression} names no inventory type and attribute.`);
            const rows = await expand(aggregator, [{ node: "", values: {} }]);
            const counts = new Map<string, { values: Entry; count: number }>();
            for (const row of rows) {
              const key = JSON.stringify(row.values);
              const found = counts.get(key) ?? { values: row.values, count: 0 };
              found.count++;
              counts.set(key, found);
            }
            const content = [...counts.values()].map((c) => ({ Count: String(c.count), ...c.values }));
            const existing = data[top.typeName];
            data[top.typeName] = {
              TypeName: top.typeName,
              SchemaVersion: builtinTypeNamed.get(top.typeName)?.version ?? "1.0",
              Content: [...(existing?.Content ?? []), ...content],
            };
          }
          if (aggregator.Expression === undefined && !aggregator.Groups)
            throw new InvalidAggregator("An aggregator needs an Expression or Groups.");
        }
        return { Entities: [{ Data: data }] };
      }

      /**
       * Rows of (node, attribute values) along an aggregator's chain of expressions. A nested expression on the same
       * type stays within the same entry (Name then Version of one application); another type joins by node.
       */
      async function expand(aggregator: AggregatorInput, rows: Row[]): Promise<Row[]> {
        const split = splitKey(aggregator.Expression ?? "");
        if (!split || !known(split.typeName))
          throw new InvalidAggregator(`The expression ${aggregator.Expression} names no inventory type and attribute.`);
        const builtin = builtinTypeNamed.get(split.typeName);
        if (builtin && !(split.attribute in builtin.attributes))
          throw new InvalidAggregator(`${split.typeName} has no attribute ${split.attribute} to aggregate on.`);
        const typeData = await fleet.type(split.typeName);
        const out: Row[] = [];
        for (const row of rows) {
          const nodes = row.node ? [row.node] : [...matching];
          for (const node of nodes) {
            const entries = row.typeName === split.typeName && row.entry ? [row.entry] : (typeData.entries.get(node) ?? []);
            for (const entry of entries) {
              const value = entry[split.attribute];
              if (value === undefined) continue;
              out.push({ node, typeName: split.typeName, entry, values: { ...row.values, [split.attribute]: value } });
            }
          }
        }
        if (!aggregator.Aggregators) return out;
        const nested: Row[] = [];
        for (const inner of aggregator.Aggregators) nested.push(...(await expand(inner, out)));
        return nested;
      }

      async function groupCounts(
        groups: NonNullable<AggregatorInput["Groups"]>,
        data: Record<string, { TypeName: string; SchemaVersion: string; Content: Entry[] }>,
      ) {
        const names = new Set<string>();
        const typesByNode = await fleet.typesByNode();
        for (const group of groups) {
          if (names.has(group.Name)) throw new InvalidInventoryGroup(`The group name ${group.Name} is used twice.`);
          names.add(group.Name);
          let ids = new Set(matching);
          for (const filter of group.Filters) {
            if (filter.Key === "TypeName") {
              if ((filter.Type ?? "Equal") !== "Exists")
                throw new InvalidInventoryGroup("A TypeName filter in a group takes the Exists operator.");
              // Several type names: a node matches when it has any of them.
              ids = new Set([...ids].filter((id) => filter.Values.some((t) => typesByNode.get(id)?.has(t))));
            } else {
              const parsed = attributeFilter(filter, (why) => new InvalidInventoryGroup(why));
              const passing = await passes([parsed]);
              ids = new Set([...ids].filter((id) => passing.has(id)));
            }
          }
          data[group.Name] = {
            TypeName: group.Name,
            SchemaVersion: "1.0",
            Content: [{ notMatchingCount: String(matching.size - ids.size) }, { matchingCount: String(ids.size) }],
          };
        }
      }

      const items = await fleet.itemsOf(resultType);
      const sameType = filters.filter((f) => f.typeName === resultType);
      const after = position?.after ?? "";
      const ids = [...matching].filter((id) => items.has(id) && id > after).sort();
      const limit = input.MaxResults ?? 50;
      const page = ids.slice(0, limit);
      // Only the page's nodes' entries are read.
      const entries = await fleet.entriesOf(resultType, page);
      return {
        Entities: page.map((id) => {
          const item = items.get(id);
          const content = (entries.get(id) ?? []).filter((e) => sameType.every(({ filter }) => matchesFilter(e[filter.attribute], filter)));
          return {
            Id: id,
            Data: {
              [resultType]: {
                TypeName: resultType,
                SchemaVersion: item?.schema_version ?? "1.0",
                CaptureTime: item?.capture_time,
                ...(item?.content_hash ? { ContentHash: item.content_hash } : {}),
                Content: content,
              },
            },
          };
        }),
        ...(ids.length > limit
          ? {
              NextToken: encodeNextToken(deps.keyring, ctx, "GetInventory", {
                after: page[page.length - 1],
                snapshot: keepSnapshot(position?.snapshot, { question, ids: matching, at: held?.at ?? ctx.now }),
              }),
            }
          : {}),
      };
    },
  });
}
