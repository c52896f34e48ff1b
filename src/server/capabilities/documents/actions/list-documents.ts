/**
 * @module ListDocuments: the account's documents, Amazon's and those other accounts shared with it, in name order,
 * with both filter forms. Owner: Self (the account's own), Private (shared with it), Amazon or Public (Amazon's), All.
 */
import { Type } from "@sinclair/typebox";
import { InvalidFilterKey } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { decodeNextToken, encodeNextToken } from "../../../core/api/next-token.ts";
import { filteredPage } from "../../../core/store/filtered-page.ts";
import { AwsEnum, AwsInteger, AwsList, AwsString, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { builtinDocuments } from "../builtin-documents.ts";
import { type DocumentDeps, documentArn, documentResourceType } from "../document-shapes.ts";
import { documentIdentifier } from "../document-view.ts";
import { type ResolvedDocument, resolveUsableDocument } from "../resolve-document.ts";

interface Filter {
  key: string;
  values: string[];
}

const knownKeys = ["Name", "Owner", "PlatformTypes", "DocumentType", "SearchKeyword", "TargetType", "tag-key"];

function ownerMatches(doc: ResolvedDocument, values: string[], caller: string): boolean {
  return values.some((owner) => {
    if (owner === "All") return true;
    if (owner === "Self") return !doc.builtin && doc.owner === caller;
    if (owner === "Private") return !doc.builtin && doc.owner !== caller;
    if (owner === "Amazon" || owner === "Public") return doc.builtin;
    return doc.owner === owner;
  });
}

/** Name filters match names that begin with a value (unverified against AWS; the console searches that way). */
function matches(doc: ResolvedDocument, filter: Filter, tagged: Map<string, Set<string>>, caller: string): boolean {
  switch (filter.key) {
    case "Name":
      return filter.values.some((v) => doc.name.startsWith(v));
    case "Owner":
      return ownerMatches(doc, filter.values, caller);
    case "PlatformTypes":
      return filter.values.some((v) => (doc.selected.platformTypes as string[]).includes(v));
    case "DocumentType":
      return filter.values.includes(doc.documentType);
    case "SearchKeyword":
      return filter.values.some((v) => doc.name.toLowerCase().includes(v.toLowerCase()));
    case "TargetType":
      return filter.values.includes(doc.targetType ?? "");
    default:
      return !doc.builtin && doc.owner === caller && (tagged.get(filter.key)?.has(doc.name) ?? false);
  }
}

export function listDocumentsAction(deps: DocumentDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "ListDocuments",
    input: Type.Object({
      DocumentFilterList: Type.Optional(
        AwsList(Type.Object({ key: AwsEnum(["Name", "Owner", "PlatformTypes", "DocumentType"] as const), value: AwsString({ min: 1 }) }), {
          min: 1,
        }),
      ),
      Filters: Type.Optional(
        AwsList(
          Type.Object({
            Key: Type.Optional(AwsString({ min: 1, max: 128 })),
            Values: Type.Optional(AwsList(AwsString({ min: 1, max: 256 }))),
          }),
          { min: 0, max: 6 },
        ),
      ),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 50 })),
      NextToken: Type.Optional(NextTokenShape()),
    }),
    resources: (ctx) => [documentArn(ctx, "*")],
    async handle(ctx, input) {
      const filters: Filter[] = [
        ...(input.DocumentFilterList ?? []).map((f) => ({ key: f.key, values: [f.value] })),
        ...(input.Filters ?? []).filter((f) => f.Key !== undefined).map((f) => ({ key: f.Key ?? "", values: f.Values ?? [] })),
      ];
      for (const filter of filters) {
        if (!knownKeys.includes(filter.key) && !filter.key.startsWith("tag:"))
          throw new InvalidFilterKey(`The filter key ${filter.key} is not valid.`);
      }
      const tagged = new Map<string, Set<string>>();
      for (const filter of filters) {
        if (filter.key === "tag-key") {
          const names = new Set<string>();
          for (const key of filter.values)
            for (const name of await deps.tags.resourcesWithTag(ctx, documentResourceType, key)) names.add(name);
          tagged.set(filter.key, names);
        } else if (filter.key.startsWith("tag:")) {
          tagged.set(filter.key, await deps.tags.resourcesWithTag(ctx, documentResourceType, filter.key.slice(4), filter.values));
        }
      }
      const builtinNames = [...builtinDocuments.keys()].sort();
      // Documents shared with the account, by their owners' ARNs (one each, whether shared with it or with all).
      const sharedArns = [
        ...new Set((await deps.permissions.sharedWith(ctx)).map((p) => `arn:aws:ssm:${p.region}:${p.account_id}:document/${p.name}`)),
      ];
      // One ordered stream: the account's and Amazon's documents keyed by name, shared ones by name and owner (after
      // a document of the same name of the account's own).
      const sharedKey = (arn: string) => `${arn.slice(arn.indexOf("document/") + 9)}\u0000${arn.split(":")[4]}`;
      const fetch = async (after: string | undefined, batch: number): Promise<ResolvedDocument[]> => {
        const afterName = after?.split("\u0000")[0];
        const own = (await deps.store.list(ctx, afterName, batch)).map((r) => ({ key: r.name, ref: r.name }));
        const amazons = builtinNames.map((n) => ({ key: n, ref: n }));
        const shared = sharedArns.map((arn) => ({ key: sharedKey(arn), ref: arn }));
        const next = [...own, ...amazons, ...shared]
          .filter((d) => after === undefined || d.key > after)
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
          .slice(0, batch);
        return Promise.all(next.map((d) => resolveUsableDocument(deps, ctx, d.ref)));
      };
      const keyOf = (doc: ResolvedDocument) => (doc.builtin || doc.owner === ctx.accountId ? doc.name : `${doc.name}\u0000${doc.owner}`);
      const after = input.NextToken
        ? decodeNextToken<{ after: string }>(deps.keyring, ctx, "ListDocuments", input.NextToken).after
        : undefined;
      const { page, more } = await filteredPage(
        fetch,
        keyOf,
        (doc) => filters.every((f) => matches(doc, f, tagged, ctx.accountId)),
        after,
        input.MaxResults ?? 50,
      );
      const identifiers = [];
      for (const doc of page)
        identifiers.push(
          documentIdentifier(
            doc,
            doc.builtin || doc.owner !== ctx.accountId ? [] : await deps.tags.list(ctx, documentResourceType, doc.name),
          ),
        );
      const last = page[page.length - 1];
      return {
        DocumentIdentifiers: identifiers,
        ...(more && last ? { NextToken: encodeNextToken(deps.keyring, ctx, "ListDocuments", { after: keyOf(last) }) } : {}),
      };
    },
  });
}
