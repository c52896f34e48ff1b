/**
 * @module PutInventory's rules, shared by the public action and the agent channel: type names and schema versions,
 * attributes, sizes, the custom-type limit, and ContentHash (content omitted when unchanged; a hash that does not
 * match what is stored is ItemContentMismatchException, since the content cannot be reconstructed).
 */
import { createHash } from "node:crypto";
import {
  CustomSchemaCountLimitExceeded,
  InvalidItemContent,
  InvalidTypeName,
  ItemContentMismatch,
  ItemSizeLimitExceeded,
  TotalSizeLimitExceeded,
  UnsupportedInventorySchemaVersion,
} from "../../../protocol/errors/errors.ts";
import { builtinTypeNamed, maxCustomTypes } from "../../../protocol/inventory-types.ts";
import type { Scope } from "../../core/store/scope.ts";
import type { CustomTypeRow } from "./custom-type-store.ts";
import type { InventoryStore, ItemRow } from "./inventory-store.ts";
import { asJsonArray, type EncodedContent, encodeContent, jsonBytes } from "./item-content.ts";

export interface InventoryItemInput {
  TypeName: string;
  SchemaVersion: string;
  CaptureTime: string;
  ContentHash?: string | undefined;
  Content?: Record<string, string>[] | undefined;
  Context?: Record<string, string> | undefined;
}

/** A custom item's content, as JSON, may not exceed 200 KB (SSM's custom inventory limit). */
export const maxCustomItemBytes = 200 * 1024;
/** One PutInventory call carries at most 16 MB of content (Bosun's bound; a node with 10,000 packages needs ~5 MB). */
export const maxCallBytes = 16 * 1024 * 1024;

/** SSM agents' hash: base64 of the MD5 of the content's JSON. */
export const contentHashOf = (content: readonly Record<string, string>[]): string =>
  createHash("md5").update(JSON.stringify(content)).digest("base64");

/** A type name may be put: a built-in type at its schema version, or a custom type that is not disabled ("new" if unknown). */
function checkTypeName(item: InventoryItemInput, customs: ReadonlyMap<string, CustomTypeRow>): "known" | "new" {
  const builtin = builtinTypeNamed.get(item.TypeName);
  if (item.TypeName.startsWith("AWS:")) {
    if (!builtin) throw new InvalidTypeName(`${item.TypeName} is not an inventory type; custom types are named Custom:<Name>.`);
    if (builtin.serviceMade) throw new InvalidTypeName(`${item.TypeName} is made by the service and cannot be put.`);
    if (builtin.version !== item.SchemaVersion)
      throw new UnsupportedInventorySchemaVersion(`${item.TypeName} has schema version ${builtin.version}, not ${item.SchemaVersion}.`);
    return "known";
  }
  if (!/^Custom:[a-zA-Z0-9_\-.]{1,93}$/.test(item.TypeName))
    throw new InvalidTypeName(`${item.TypeName} is not a valid custom type name (Custom: and up to 93 letters, digits, _, - or .).`);
  const custom = customs.get(item.TypeName);
  if (!custom) return "new";
  if (custom.disabled)
    throw new InvalidTypeName(`${item.TypeName} was disabled by DeleteInventory; delete its schema to use the name again.`);
  return "known";
}

/** The content encoded once, after checking a built-in type's attribute names and a custom item's size. */
function checkedContent(typeName: string, content: readonly Record<string, string>[]): EncodedContent {
  const builtin = builtinTypeNamed.get(typeName);
  if (builtin)
    for (const entry of content)
      for (const name of Object.keys(entry))
        if (!(name in builtin.attributes)) throw new InvalidItemContent(`${typeName} has no attribute ${name}; see GetInventorySchema.`);
  const encoded = encodeContent(content);
  const bytes = jsonBytes(encoded);
  if (!builtin && bytes > maxCustomItemBytes)
    throw new ItemSizeLimitExceeded(`${typeName} holds ${bytes} bytes; a custom item may hold ${maxCustomItemBytes}.`);
  return encoded;
}

/**
 * Checks every item first (nothing is written if any is bad), then writes them in one transaction shared with the
 * puts that arrive meanwhile (group commit: 10,000 agents reporting cost a handful of fsyncs, not 10,000).
 */
/** Told of each put item's new content once it is stored (vulnerability matching re-reads a node's software). */
export type ContentListener = (
  scope: Scope,
  instanceId: string,
  typeName: string,
  content: readonly Record<string, string>[],
) => Promise<void>;

export async function putInventory(
  store: InventoryStore,
  scope: Scope,
  instanceId: string,
  items: readonly InventoryItemInput[],
  now: number,
  listeners: readonly ContentListener[] = [],
): Promise<void> {
  const seen = new Set<string>();
  let total = 0;
  const customs = new Map((await store.customTypes.all(scope)).map((c) => [c.type_name, c]));
  const newCustoms = new Set<string>();
  const encodings = new Map<string, EncodedContent>();
  for (const item of items) {
    if (seen.has(item.TypeName)) throw new InvalidItemContent(`Type ${item.TypeName} is given more than once in one call.`);
    seen.add(item.TypeName);
    if (checkTypeName(item, customs) === "new") newCustoms.add(item.TypeName);
    if (item.Content === undefined) {
      if (item.ContentHash === undefined)
        throw new InvalidItemContent(`${item.TypeName} needs Content, or the ContentHash of unchanged content.`);
      continue;
    }
    // Serialized once: the size, the hash and the stored content all come from this.
    const encoded = checkedContent(item.TypeName, item.Content);
    encodings.set(item.TypeName, encoded);
    total += jsonBytes(encoded);
  }
  if (total > maxCallBytes) throw new TotalSizeLimitExceeded(`The call carries ${total} bytes of inventory; the limit is ${maxCallBytes}.`);
  if (customs.size + newCustoms.size > maxCustomTypes)
    throw new CustomSchemaCountLimitExceeded(`An account may define ${maxCustomTypes} custom inventory types in a Region.`);

  // Content-hash-only items must match what is stored: checked before anything is written.
  const stored = new Map<string, ItemRow>();
  for (const item of items) {
    if (item.Content !== undefined) continue;
    const row = await store.item(scope, instanceId, item.TypeName);
    if (!row || row.content_hash !== item.ContentHash)
      throw new ItemContentMismatch(`The content of ${item.TypeName} changed or was never put: send it with its ContentHash.`);
    stored.set(item.TypeName, row);
  }

  await store.writeGrouped(async (tx) => {
    for (const item of items) {
      const base = {
        account_id: scope.accountId,
        region: scope.region,
        instance_id: instanceId,
        type_name: item.TypeName,
        schema_version: item.SchemaVersion,
        capture_time: item.CaptureTime,
        context: item.Context ? JSON.stringify(item.Context) : null,
        updated_at: now,
      };
      const unchanged = stored.get(item.TypeName);
      if (item.Content === undefined) {
        if (unchanged) await tx.touchItem({ ...base, content_hash: unchanged.content_hash, entry_count: unchanged.entry_count });
        continue;
      }
      const encoded = encodings.get(item.TypeName) ?? encodeContent(item.Content);
      const hash = item.ContentHash ?? createHash("md5").update(asJsonArray(encoded)).digest("base64");
      await tx.replaceItem({ ...base, content_hash: hash, entry_count: item.Content.length }, item.Content, encoded);
      if (!builtinTypeNamed.has(item.TypeName)) {
        const known = new Set<string>(JSON.parse(customs.get(item.TypeName)?.attributes ?? "[]") as string[]);
        for (const entry of item.Content) for (const name of Object.keys(entry)) known.add(name);
        await tx.customTypes.save({
          account_id: scope.accountId,
          region: scope.region,
          type_name: item.TypeName,
          schema_version: item.SchemaVersion,
          attributes: JSON.stringify([...known].sort()),
          created_at: customs.get(item.TypeName)?.created_at ?? now,
        });
      }
    }
  });
  for (const item of items)
    if (item.Content !== undefined) for (const listener of listeners) await listener(scope, instanceId, item.TypeName, item.Content);
}
