/** @module Finds a document (the account's own or a built-in) and the version a request selects. */
import { InvalidDocument, InvalidDocumentVersion } from "../../../protocol/errors/errors.ts";
import { builtinDocuments } from "./builtin-documents.ts";
import type { DocumentFormat, ParameterDefinition, PlatformType } from "./document-content.ts";
import type { DocumentStore, Scope } from "./document-store.ts";

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

/** `arn:aws:ssm:<region>:<account>:document/<name>` names the caller's document; anything else is a plain name. */
export function documentNameOf(scope: Scope, raw: string): string {
  const arn = /^arn:aws:ssm:([^:]*):(\d{12})?:document\/(.+)$/.exec(raw);
  if (!arn) return raw;
  return arn[2] === undefined || arn[2] === scope.accountId ? (arn[3] ?? raw) : raw;
}

const notFound = (name: string) => new InvalidDocument(`Document with name ${name} does not exist.`);
const badVersion = (what: string) => new InvalidDocumentVersion(`The document version ${what} isn't valid or doesn't exist.`);

/** Resolves a document and one of its versions ($DEFAULT unless the request says otherwise). */
export async function resolveDocument(
  store: DocumentStore,
  scope: Scope,
  rawName: string,
  selector: VersionSelector = {},
): Promise<ResolvedDocument> {
  const name = documentNameOf(scope, rawName);
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
