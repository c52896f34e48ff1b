/**
 * @module What a session runs: its Session document (a shell when StartSession names none), the document's properties
 * with the request's parameters filled in, and the account's session preferences — the inputs of its
 * `SSM-SessionManagerRunShell` document, as the AWS console writes them, or SSM's defaults when it has none.
 */
import { InvalidDocument, ValidationException } from "../../../protocol/errors/errors.ts";
import type { SessionType } from "../../../protocol/session/handshake.ts";
import type { Scope } from "../../core/store/scope.ts";
import { type DocumentsCapability, parseContent, resolveParameters } from "../documents/index.ts";
import { keyArnOf } from "../kms/index.ts";

export const preferencesDocument = "SSM-SessionManagerRunShell";

export interface SessionPreferences {
  s3BucketName: string;
  s3KeyPrefix: string;
  /** Minutes without input before the session ends (1–60, default 20). */
  idleSessionTimeout: number;
  /** Minutes a session may last at most; undefined: no limit. */
  maxSessionDuration: number | undefined;
  runAsEnabled: boolean;
  runAsDefaultUser: string;
  shellProfileLinux: string;
  /** The KMS key session data is encrypted under, as its ARN in the account and Region; empty: not encrypted. */
  kmsKeyId: string;
}

export interface SessionSpec {
  documentName: string;
  sessionType: SessionType;
  properties: Record<string, unknown>;
  preferences: SessionPreferences;
}

const defaults: SessionPreferences = {
  s3BucketName: "",
  s3KeyPrefix: "",
  idleSessionTimeout: 20,
  maxSessionDuration: undefined,
  runAsEnabled: false,
  runAsDefaultUser: "",
  shellProfileLinux: "",
  kmsKeyId: "",
};

const text = (value: unknown): string => (typeof value === "string" ? value : "");

/**
 * The preferences from a preferences document's inputs; a value outside SSM's range, or a KMS key that is not one of
 * the account's, is the document's error.
 */
export function preferencesFrom(inputs: Record<string, unknown>, scope: Scope): SessionPreferences {
  const idle = inputs.idleSessionTimeout === undefined || inputs.idleSessionTimeout === "" ? 20 : Number(inputs.idleSessionTimeout);
  if (!Number.isInteger(idle) || idle < 1 || idle > 60)
    throw new InvalidDocument(
      `${preferencesDocument}: idleSessionTimeout must be 1 to 60 minutes, not ${String(inputs.idleSessionTimeout)}.`,
    );
  const max = inputs.maxSessionDuration === undefined || inputs.maxSessionDuration === "" ? undefined : Number(inputs.maxSessionDuration);
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 1440))
    throw new InvalidDocument(
      `${preferencesDocument}: maxSessionDuration must be 1 to 1440 minutes, not ${String(inputs.maxSessionDuration)}.`,
    );
  const shellProfile = (inputs.shellProfile ?? {}) as Record<string, unknown>;
  const keyId = text(inputs.kmsKeyId).trim();
  const kmsKeyId = keyId === "" ? "" : keyArnOf(scope, keyId);
  if (kmsKeyId === undefined)
    throw new InvalidDocument(
      `${preferencesDocument}: kmsKeyId ${JSON.stringify(keyId.slice(0, 300))} is not a KMS key of this account and Region.`,
    );
  return {
    s3BucketName: text(inputs.s3BucketName),
    s3KeyPrefix: text(inputs.s3KeyPrefix),
    idleSessionTimeout: idle,
    maxSessionDuration: max,
    runAsEnabled: inputs.runAsEnabled === true || inputs.runAsEnabled === "true",
    runAsDefaultUser: text(inputs.runAsDefaultUser),
    shellProfileLinux: text(shellProfile.linux),
    kmsKeyId,
  };
}

async function preferencesOf(documents: DocumentsCapability, scope: Scope): Promise<SessionPreferences> {
  let content: Record<string, unknown>;
  try {
    const document = await documents.resolve(scope, preferencesDocument);
    content = parseContent(document.selected.content, document.selected.format);
  } catch (error) {
    if (error instanceof InvalidDocument) return defaults;
    throw error;
  }
  return preferencesFrom((content.inputs ?? {}) as Record<string, unknown>, scope);
}

/** `{{ name }}` in every string of the properties, replaced by the parameter's value (a list's values joined by commas). */
function fillIn(value: unknown, values: Record<string, string[]>): unknown {
  if (typeof value === "string")
    return value.replace(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g, (whole, name: string) => values[name]?.join(",") ?? whole);
  if (Array.isArray(value)) return value.map((v) => fillIn(v, values));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillIn(v, values)]));
  return value;
}

/** The session a StartSession request asks for; InvalidDocument for a document that is not a Session document. */
export async function resolveSessionSpec(
  documents: DocumentsCapability,
  scope: Scope,
  documentName: string,
  parameters: Record<string, string[]> | undefined,
): Promise<SessionSpec> {
  const preferences = await preferencesOf(documents, scope);
  if (documentName === preferencesDocument) {
    if (parameters && Object.keys(parameters).length > 0) throw new ValidationException(`${preferencesDocument} takes no parameters.`);
    return { documentName, sessionType: "Standard_Stream", properties: {}, preferences };
  }
  const document = await documents.resolve(scope, documentName);
  if (document.documentType !== "Session")
    throw new InvalidDocument(`Document ${document.name} is of type ${document.documentType}; StartSession runs Session documents.`);
  const body = parseContent(document.selected.content, document.selected.format);
  const values = resolveParameters(document.selected.parameters, parameters ?? {});
  return {
    documentName: document.name,
    sessionType: body.sessionType as SessionType,
    properties: (fillIn(body.properties ?? {}, values) ?? {}) as Record<string, unknown>,
    preferences,
  };
}
