/**
 * @module Bosun's KMS: every key id an account names (a key id, an alias, or either's ARN in the account and Region)
 * is that account's one key, held in the keyring — as Parameter Store's SecureString already treats key ids. A data
 * key's ciphertext blob carries the key's ARN and is sealed (AES-256-GCM) under the account's key, bound to the key ARN
 * and the encryption context, so it opens only in its account, under its key, with the same context.
 *
 *   0 format (1)   1 key ARN length (2, big-endian)   3 key ARN   … sealed data key
 */
import { type Keyring, open, SealBroken, seal } from "../../core/crypto/keyring.ts";
import type { Scope } from "../../core/store/scope.ts";

const formatVersion = 1;

const uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const keyIdForms: { regex: RegExp; resource: (m: RegExpExecArray) => string }[] = [
  { regex: new RegExp(`^(${uuid})$`), resource: (m) => `key/${m[1]}` },
  { regex: /^(alias\/[a-zA-Z0-9/_-]+)$/, resource: (m) => m[1] ?? "" },
  {
    regex: new RegExp(`^arn:aws:kms:([a-z0-9-]+):(\\d{12}):(key/${uuid}|alias/[a-zA-Z0-9/_-]+)$`),
    resource: (m) => m[3] ?? "",
  },
];

/**
 * The canonical ARN of a key id in the caller's account and Region; undefined when it is none (or another's). Parameter
 * Store's SecureString key ids are checked by it too.
 */
export function keyArnOf(scope: Scope, keyId: string): string | undefined {
  for (const form of keyIdForms) {
    const match = form.regex.exec(keyId);
    if (!match) continue;
    if (match.length > 3 && (match[1] !== scope.region || match[2] !== scope.accountId)) return undefined;
    return `arn:aws:kms:${scope.region}:${scope.accountId}:${form.resource(match)}`;
  }
  return undefined;
}

/** The encryption context as bound to a blob: its pairs sorted by key, so the order a caller sends does not matter. */
function contextText(context: Record<string, string>): string {
  return JSON.stringify(Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const accountKey = (keyring: Keyring, scope: Scope) => keyring.key("account-kms", scope.accountId);

/** Seals a data key under the account's key, for this key ARN and context. */
export function sealDataKey(keyring: Keyring, scope: Scope, keyArn: string, dataKey: Buffer, context: Record<string, string>): Buffer {
  const arn = Buffer.from(keyArn, "utf8");
  const header = Buffer.alloc(3);
  header.writeUInt8(formatVersion, 0);
  header.writeUInt16BE(arn.length, 1);
  return Buffer.concat([header, arn, seal(accountKey(keyring, scope), dataKey, `${keyArn}\n${contextText(context)}`)]);
}

/** The key ARN a blob names, or undefined when the bytes are not a Bosun blob. */
export function keyArnInBlob(blob: Buffer): string | undefined {
  if (blob.length < 3 || blob[0] !== formatVersion) return undefined;
  const length = blob.readUInt16BE(1);
  if (blob.length < 3 + length) return undefined;
  return blob.subarray(3, 3 + length).toString("utf8");
}

/** Opens a blob sealed in this account with this context; throws SealBroken otherwise (another account, context, bytes). */
export function openDataKey(
  keyring: Keyring,
  scope: Scope,
  blob: Buffer,
  context: Record<string, string>,
): { keyArn: string; dataKey: Buffer } {
  const keyArn = keyArnInBlob(blob);
  if (!keyArn) throw new SealBroken("not a ciphertext blob");
  const dataKey = open(accountKey(keyring, scope), blob.subarray(3 + Buffer.byteLength(keyArn)), `${keyArn}\n${contextText(context)}`);
  return { keyArn, dataKey };
}
