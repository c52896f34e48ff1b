/** @module Finds a document (the account's own or a built-in) and the version a request selects. */
import { InvalidDocument, InvalidDocumentVersion } from "../../../protocol/errors/errors.ts";
import type { Scope } from "../../core/store/scope.ts";
import { builtinDocuments } from "./builtin-documents.ts";
import type { DocumentFormat, ParameterDefinition, PlatformType } from "./document-content.ts";
import type { DocumentPermissionStore } from "./document-permission-store.ts";
import type { DocumentStore } from "./document-store.ts";

export interface ResolvedVersion {
  version: number;
  versionName?: string;
  displayName?: string;
  content: string;
  format: DocumentFormat;
  schemaVersion: string;
  sha256: string;
  description?: string;
  parameters: Record<string, ParameterDefinition>;
  platformTypes: PlatformType[];
  createdAt: number;
}

export interface ResolvedDocument {
  name: string;
  /** The account id, or `Amazon` for built-ins. */
  owner: string;
  builtin: boolean;
  documentType: string;
  targetType?: string;
  defaultVersion: number;
  latestVersion: number;
  createdAt: number;
  selected: ResolvedVersion;
}

export interface VersionSelector {
  documentVersion?: string | undefined;
  versionName?: string | undefined;
}

// SSM's own words, which name no document (a name or ARN the caller may not see stays unconfirmed).
const notFound = (_name: string) => new InvalidDocument("The specified document does not exist.");

/**
 * The one spelling of a document that Bosun authorizes and looks up: every other spelling (this account's ARN, an
 * ARN without Region or account) becomes the plain name. An ARN of another Region or account, or a name that is not
 * a name, is a document that does not exist here, so an authorization check and the lookup can never disagree.
 */
export function canonicalDocumentName(scope: Scope, raw: string): string {
  const arn = /^arn:aws:ssm:([^:]*):([^:]*):document\/([^/:]+)$/.exec(raw);
  const name = arn ? (arn[3] ?? "") : raw;
  if (arn && ((arn[1] !== "" && arn[1] !== scope.region) || (arn[2] !== "" && arn[2] !== scope.accountId))) throw notFound(raw);
  if (!/^[a-zA-Z0-9_\-.]{3,128}$/.test(name)) throw notFound(raw);
  return name;
}

/**
 * Another account's document named by its ARN in this Region (a document shared with the caller), or undefined when
 * the name refers to the caller's own (or Amazon's) documents.
 */
export function foreignDocument(scope: Scope, raw: string): { owner: Scope; name: string } | undefined {
  const arn = /^arn:aws:ssm:([^:]*):([0-9]{12}):document\/([a-zA-Z0-9_\-.]{3,128})$/.exec(raw);
  if (!arn || arn[2] === scope.accountId || (arn[1] !== "" && arn[1] !== scope.region)) return undefined;
  return { owner: { accountId: arn[2] ?? "", region: scope.region }, name: arn[3] ?? "" };
}

/** The ARN a request naming this document is authorized against: the owner's, for a document shared with the caller. */
export const canonicalDocumentArn = (scope: Scope, raw: string): string => {
  const foreign = foreignDocument(scope, raw);
  if (foreign) return `arn:aws:ssm:${scope.region}:${foreign.owner.accountId}:document/${foreign.name}`;
  return `arn:aws:ssm:${scope.region}:${scope.accountId}:document/${canonicalDocumentName(scope, raw)}`;
};

const badVersion = (what: string) => new InvalidDocumentVersion(`The document version ${what} isn't valid or doesn't exist.`);

/** Resolves a document and one of its versions ($DEFAULT unless the request says otherwise). */
export async function resolveDocument(
  store: DocumentStore,
  scope: Scope,
  rawName: string,
  selector: VersionSelector = {},
): Promise<ResolvedDocument> {
  const name = canonicalDocumentName(scope, rawName);
  const builtin = builtinDocuments.get(name);
  if (builtin) {
    const wanted = selector.documentVersion;
    if ((wanted !== undefined && !["1", "$DEFAULT", "$LATEST"].includes(wanted)) || selector.versionName !== undefined)
      throw badVersion(wanted ?? String(selector.versionName));
    return {
      name,
      owner: "Amazon",
      builtin: true,
      documentType: builtin.documentType,
      defaultVersion: 1,
      latestVersion: 1,
      createdAt: builtin.createdAt,
      selected: {
        version: 1,
        content: builtin.content,
        format: "JSON",
        schemaVersion: builtin.parsed.schemaVersion,
        sha256: builtin.sha256,
        ...(builtin.parsed.description ? { description: builtin.parsed.description } : {}),
        parameters: builtin.parsed.parameters,
        platformTypes: builtin.parsed.platformTypes,
        createdAt: builtin.createdAt,
      },
    };
  }
  const document = await store.get(scope, name);
  if (!document) throw notFound(rawName);
  const wanted = selector.documentVersion ?? "$DEFAULT";
  const number = wanted === "$DEFAULT" ? document.default_version : wanted === "$LATEST" ? document.latest_version : Number(wanted);
  const row =
    selector.versionName !== undefined && selector.documentVersion === undefined
      ? await store.versionNamed(scope, name, selector.versionName)
      : await store.version(scope, name, number);
  if (!row || (selector.versionName !== undefined && row.version_name !== selector.versionName))
    throw badVersion(selector.versionName ?? wanted);
  return {
    name,
    owner: scope.accountId,
    builtin: false,
    documentType: document.document_type,
    ...(document.target_type ? { targetType: document.target_type } : {}),
    defaultVersion: document.default_version,
    latestVersion: document.latest_version,
    createdAt: document.created_at,
    selected: {
      version: row.version,
      ...(row.version_name ? { versionName: row.version_name } : {}),
      ...(row.display_name ? { displayName: row.display_name } : {}),
      content: row.content,
      format: row.format as DocumentFormat,
      schemaVersion: row.schema_version,
      sha256: row.sha256,
      ...(row.description ? { description: row.description } : {}),
      parameters: JSON.parse(row.parameters) as Record<string, ParameterDefinition>,
      platformTypes: JSON.parse(row.platform_types) as PlatformType[],
      createdAt: row.created_at,
    },
  };
}

/** The versions a share lets another account use: the one its SharedDocumentVersion names, or any with $ALL. */
function sharedSelector(shared: string, selector: VersionSelector): VersionSelector {
  if (shared === "$ALL") return selector;
  const asked = selector.documentVersion;
  if (selector.versionName !== undefined || (asked !== undefined && asked !== shared && asked !== "$DEFAULT"))
    throw badVersion(selector.versionName ?? asked ?? "");
  return { documentVersion: shared };
}

/**
 * A document the caller may use: its own, Amazon's, or another account's named by ARN and shared with it
 * (ModifyDocumentPermission), at the version the share allows. A document not shared with the caller does not exist
 * for it, in the same words as a missing one.
 */
export async function resolveUsableDocument(
  stores: { store: DocumentStore; permissions: DocumentPermissionStore },
  scope: Scope,
  raw: string,
  selector: VersionSelector = {},
): Promise<ResolvedDocument> {
  const foreign = foreignDocument(scope, raw);
  if (!foreign) return resolveDocument(stores.store, scope, raw, selector);
  const shared = await stores.permissions.shareFor(foreign.owner, foreign.name, scope.accountId);
  if (shared === undefined) throw notFound(raw);
  const document = await resolveDocument(stores.store, foreign.owner, foreign.name, sharedSelector(shared, selector));
  return { ...document, owner: foreign.owner.accountId };
}
