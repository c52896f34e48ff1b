/** @module The model's document shapes, the actions' dependencies, and turning submitted content into a version. */
import { createHash } from "node:crypto";
import { MaxDocumentSizeExceeded } from "../../../protocol/errors/errors.ts";
import type { Keyring } from "../../core/crypto/keyring.ts";
import type { Scope } from "../../core/store/scope.ts";
import { AwsEnum, AwsString } from "../../core/validation/aws-shapes.ts";
import type { TagStore } from "../tags/index.ts";
import { checkDocument, type DocumentFormat, parseContent } from "./document-content.ts";
import type { DocumentPermissionStore } from "./document-permission-store.ts";
import type { DocumentStore, VersionRow } from "./document-store.ts";

export const DocumentNameShape = () => AwsString({ pattern: "^[a-zA-Z0-9_\\-.]{3,128}$" });
export const DocumentArnShape = () => AwsString({ pattern: "^[a-zA-Z0-9_\\-.:/]{3,128}$" });
export const DocumentVersionShape = () => AwsString({ pattern: "([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)" });
export const VersionNameShape = () => AwsString({ pattern: "^[a-zA-Z0-9_\\-.]{1,128}$" });
export const DisplayNameShape = () => AwsString({ max: 1024, pattern: "^[\\w\\.\\-\\:\\/ ]*$" });
export const TargetTypeShape = () => AwsString({ max: 200, pattern: "^\\/[\\w\\.\\-\\:\\/]*$" });
export const DocumentFormatShape = AwsEnum(["YAML", "JSON", "TEXT"] as const);
export const DocumentTypeShape = AwsEnum([
  "Command",
  "Policy",
  "Automation",
  "Session",
  "Package",
  "ApplicationConfiguration",
  "ApplicationConfigurationSchema",
  "DeploymentStrategy",
  "ChangeCalendar",
  "Automation.ChangeTemplate",
  "ProblemAnalysis",
  "ProblemAnalysisTemplate",
  "CloudFormation",
  "ConformancePackTemplate",
  "QuickSetup",
  "ManualApprovalPolicy",
  "AutoApprovalPolicy",
] as const);

export const documentResourceType = "Document";
export const maxDocumentBytes = 64 * 1024;
export const maxDocumentsPerScope = 500;
export const maxVersionsPerDocument = 1000;

export interface DocumentDeps {
  store: DocumentStore;
  permissions: DocumentPermissionStore;
  tags: TagStore;
  keyring: Keyring;
}

export const documentArn = (scope: Scope, name: string): string => `arn:aws:ssm:${scope.region}:${scope.accountId}:document/${name}`;

/** Checks submitted content and makes the version row it becomes. */
export function versionFromContent(
  scope: Scope,
  name: string,
  version: number,
  documentType: string,
  input: {
    Content: string;
    DocumentFormat?: DocumentFormat | undefined;
    VersionName?: string | undefined;
    DisplayName?: string | undefined;
  },
  now: number,
): VersionRow {
  if (Buffer.byteLength(input.Content) > maxDocumentBytes) throw new MaxDocumentSizeExceeded("The size limit of a document is 64 KB.");
  const format = input.DocumentFormat ?? "JSON";
  const parsed = checkDocument(documentType, parseContent(input.Content, format), format);
  return {
    account_id: scope.accountId,
    region: scope.region,
    name,
    version,
    version_name: input.VersionName ?? null,
    display_name: input.DisplayName ?? null,
    content: input.Content,
    format,
    schema_version: parsed.schemaVersion,
    sha256: createHash("sha256").update(input.Content).digest("hex"),
    description: parsed.description ?? null,
    parameters: JSON.stringify(parsed.parameters),
    platform_types: JSON.stringify(parsed.platformTypes),
    created_at: now,
  };
}
