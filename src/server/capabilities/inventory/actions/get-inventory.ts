/**
 * @module GetInventory: nodes whose inventory passes the filters, with one type's data each (AWS:InstanceInformation
 * unless ResultAttributes names another); or, with Aggregators, counts by attribute values (nested, across types by
 * node) and by groups of filters (matchingCount / notMatchingCount). The questions are answered by InventoryQuestion.
 */
import { randomUUID } from "node:crypto";
import { type TSchema, Type } from "@sinclair/typebox";
import { InvalidFilter, InvalidResultAttribute } from "../../../../protocol/errors/errors.ts";
import { type ActionContext, defineAction } from "../../../core/api/action.ts";
import { decodeNextToken, encodeNextToken } from "../../../core/api/next-token.ts";
import { AwsInteger, AwsList, AwsString, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { FleetData } from "../fleet-data.ts";
import { matchesFilter } from "../inventory-filters.ts";
import { type AggregatorInput, InventoryQuestion, type TypedFilter } from "../inventory-question.ts";
import { type InventoryDeps, InventoryFilterListShape, inventoryArn, TypeNameShape } from "../inventory-shapes.ts";

const Group = () => Type.Object({ Name: AwsString({ min: 1, max: 200 }), Filters: InventoryFilterListShape() });
const Aggregator = Type.Recursive((This) =>
  Type.Object({
    Expression: Type.Optional(AwsString({ min: 1, max: 1000 })),
    Aggregators: Type.Optional(AwsList(This as TSchema, { min: 1, max: 10 })),
    Groups: Type.Optional(AwsList(Group(), { min: 1, max: 15 })),
  }),
);

/** The nodes a filtered listing matched, kept for its later pages (keyed by an id sealed into the NextToken). */
interface Snapshot {
  question: string;
  ids: ReadonlySet<string>;
  at: number;
}
const snapshotLifetimeMs = 5 * 60_000;
const maxSnapshots = 64;

/** Snapshots of recent listings, the newest kept, none older than their lifetime. */
class Snapshots {
  private readonly held = new Map<string, Snapshot>();

  /** The snapshot a NextToken names, if it is still held and answers the same question. */
  find(id: string | undefined, question: string, now: number): Snapshot | undefined {
    const held = id ? this.held.get(id) : undefined;
    return held && held.question === question && now - held.at < snapshotLifetimeMs ? held : undefined;
  }

  keep(id: string | undefined, snapshot: Snapshot): string {
    const key = id ?? randomUUID();
    this.held.delete(key);
    this.held.set(key, snapshot);
    for (const [old, kept] of this.held)
      if (this.held.size > maxSnapshots || snapshot.at - kept.at >= snapshotLifetimeMs) this.held.delete(old);
    return key;
  }
}

/** One page of the matching nodes that hold the result type, with that type's entries (filtered as asked). */
async function listingPage(
  fleet: FleetData,
  resultType: string,
  matching: ReadonlySet<string>,
  filters: readonly TypedFilter[],
  after: string,
  limit: number,
) {
  const items = await fleet.itemsOf(resultType);
  const sameType = filters.filter((f) => f.typeName === resultType);
  const ids = [...matching].filter((id) => items.has(id) && id > after).sort();
  const page = ids.slice(0, limit);
  // Only the page's nodes' entries are read.
  const entries = await fleet.entriesOf(resultType, page);
  const entities = page.map((id) => {
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
  });
  return { entities, last: page[page.length - 1], more: ids.length > limit };
}

export function getInventoryAction(deps: InventoryDeps) {
  const snapshots = new Snapshots();
  const questionOf = async (ctx: ActionContext) => {
    const customs = new Set((await deps.store.customTypes.all(ctx)).map((c) => c.type_name));
    const fleet = new FleetData(deps.store, deps.nodes, deps.tags, ctx, ctx.now);
    return { fleet, question: new InventoryQuestion(deps.store, ctx, fleet, customs) };
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
      const { fleet, question } = await questionOf(ctx);
      const filters = (input.Filters ?? []).map((f) => question.filterOf(f, (why) => new InvalidFilter(why)));
      const resultType = input.ResultAttributes?.[0]?.TypeName ?? "AWS:InstanceInformation";
      if (!question.known(resultType))
        throw new InvalidResultAttribute(`${resultType} is not an inventory type of this account and Region.`);

      const position = input.NextToken
        ? decodeNextToken<{ after: string; snapshot?: string }>(deps.keyring, ctx, "GetInventory", input.NextToken)
        : undefined;
      const asked = JSON.stringify([ctx.accountId, ctx.region, input.Filters ?? [], resultType]);
      // Later pages of a listing reuse the nodes its first page found (for a few minutes), as one consistent listing.
      const held = snapshots.find(position?.snapshot, asked, ctx.now);
      const matching = held?.ids ?? (await question.passing(filters));
      if (input.Aggregators) return { Entities: [{ Data: await question.aggregate(input.Aggregators as AggregatorInput[], matching) }] };

      const limit = input.MaxResults ?? 50;
      const page = await listingPage(fleet, resultType, matching, filters, position?.after ?? "", limit);
      return {
        Entities: page.entities,
        ...(page.more
          ? {
              NextToken: encodeNextToken(deps.keyring, ctx, "GetInventory", {
                after: page.last,
                snapshot: snapshots.keep(position?.snapshot, { question: asked, ids: matching, at: held?.at ?? ctx.now }),
              }),
            }
          : {}),
      };
    },
  });
}
