/** @module DescribeDocument: what a version declares (parameters, platforms, schema) and the document's versions. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { DocumentArnShape, type DocumentDeps, DocumentVersionShape, documentResourceType, VersionNameShape } from "../document-shapes.ts";
import { documentDescription } from "../document-view.ts";
import { canonicalDocumentArn, resolveUsableDocument } from "../resolve-document.ts";

export function describeDocumentAction(deps: DocumentDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribeDocument",
    input: Type.Object({
      Name: DocumentArnShape(),
      DocumentVersion: Type.Optional(DocumentVersionShape()),
      VersionName: Type.Optional(VersionNameShape()),
    }),
    resources: (ctx, input) => [canonicalDocumentArn(ctx, input.Name)],
    async handle(ctx, input) {
      const doc = await resolveUsableDocument(deps, ctx, input.Name, {
        documentVersion: input.DocumentVersion,
        versionName: input.VersionName,
      });
      // Tags are the owner's: a document shared by another account shows none here.
      const own = !doc.builtin && doc.owner === ctx.accountId;
      const tags = own ? await deps.tags.list(ctx, documentResourceType, doc.name) : [];
      return { Document: documentDescription(doc, tags) };
    },
  });
}
