/** @module GetDocument: a version's content, in its own format or converted between JSON and YAML. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { convertContent } from "../document-content.ts";
import { DocumentArnShape, type DocumentDeps, DocumentFormatShape, DocumentVersionShape, VersionNameShape } from "../document-shapes.ts";
import { canonicalDocumentArn, resolveUsableDocument } from "../resolve-document.ts";

export function getDocumentAction(deps: DocumentDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "GetDocument",
    input: Type.Object({
      Name: DocumentArnShape(),
      VersionName: Type.Optional(VersionNameShape()),
      DocumentVersion: Type.Optional(DocumentVersionShape()),
      DocumentFormat: Type.Optional(DocumentFormatShape),
    }),
    resources: (ctx, input) => [canonicalDocumentArn(ctx, input.Name)],
    async handle(ctx, input) {
      const doc = await resolveUsableDocument(deps, ctx, input.Name, {
        documentVersion: input.DocumentVersion,
        versionName: input.VersionName,
      });
      const v = doc.selected;
      const format = input.DocumentFormat ?? v.format;
      return {
        Name: doc.name,
        CreatedDate: v.createdAt / 1000,
        ...(v.displayName ? { DisplayName: v.displayName } : {}),
        ...(v.versionName ? { VersionName: v.versionName } : {}),
        DocumentVersion: String(v.version),
        Status: "Active",
        Content: convertContent(v.content, v.format, format),
        DocumentType: doc.documentType,
        DocumentFormat: v.format === "TEXT" ? "TEXT" : format,
      };
    },
  });
}
