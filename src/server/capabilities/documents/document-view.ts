/** @module Resolved documents → the model's DocumentDescription and DocumentIdentifier shapes. */
import type { Tag } from "../tags/index.ts";
import type { ParameterDefinition } from "./document-content.ts";
import type { ResolvedDocument } from "./resolve-document.ts";

function parameterList(parameters: Record<string, ParameterDefinition>) {
  return Object.entries(parameters).map(([name, p]) => ({
    Name: name,
    // The model's DocumentParameterType knows only String and StringList.
    Type: p.type === "StringList" ? "StringList" : "String",
    // An empty YAML `description:` is null: no description.
    ...(typeof p.description === "string" ? { Description: p.description } : {}),
    ...(p.default !== undefined ? { DefaultValue: typeof p.default === "string" ? p.default : JSON.stringify(p.default) } : {}),
  }));
}

export function documentDescription(doc: ResolvedDocument, tags: Tag[]) {
  const v = doc.selected;
  return {
    Hash: v.sha256,
    HashType: "Sha256",
    Name: doc.name,
    ...(v.displayName ? { DisplayName: v.displayName } : {}),
    ...(v.versionName ? { VersionName: v.versionName } : {}),
    Owner: doc.owner,
    CreatedDate: v.createdAt / 1000,
    Status: "Active",
    DocumentVersion: String(v.version),
    ...(v.description ? { Description: v.description } : {}),
    Parameters: parameterList(v.parameters),
    PlatformTypes: v.platformTypes,
    DocumentType: doc.documentType,
    SchemaVersion: v.schemaVersion,
    LatestVersion: String(doc.latestVersion),
    DefaultVersion: String(doc.defaultVersion),
    DocumentFormat: v.format,
    ...(doc.targetType ? { TargetType: doc.targetType } : {}),
    Tags: tags,
  };
}

export function documentIdentifier(doc: ResolvedDocument, tags: Tag[]) {
  const v = doc.selected;
  return {
    Name: doc.name,
    CreatedDate: doc.createdAt / 1000,
    ...(v.displayName ? { DisplayName: v.displayName } : {}),
    Owner: doc.owner,
    ...(v.versionName ? { VersionName: v.versionName } : {}),
    PlatformTypes: v.platformTypes,
    DocumentVersion: String(v.version),
    DocumentType: doc.documentType,
    SchemaVersion: v.schemaVersion,
    DocumentFormat: v.format,
    ...(doc.targetType ? { TargetType: doc.targetType } : {}),
    Tags: tags,
  };
}
