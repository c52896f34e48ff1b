/** @module UpdateDocumentDefaultVersion: which version runs when a request names no version. */
import { Type } from "@sinclair/typebox";
import { InvalidDocumentOperation } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsString } from "../../../core/validation/aws-shapes.ts";
import { type DocumentDeps, DocumentNameShape, documentArn } from "../document-shapes.ts";
import { resolveDocument } from "../resolve-document.ts";

export function updateDocumentDefaultVersionAction(deps: DocumentDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "UpdateDocumentDefaultVersion",
    input: Type.Object({ Name: DocumentNameShape(), DocumentVersion: AwsString({ pattern: "(^[1-9][0-9]*$)" }) }),
    resources: (ctx, input) => [documentArn(ctx, input.Name)],
    async handle(ctx, input) {
      const doc = await resolveDocument(deps.store, ctx, input.Name, { documentVersion: input.DocumentVersion });
      if (doc.builtin) throw new InvalidDocumentOperation(`${input.Name} is owned by Amazon; its default version can't be changed.`);
      await deps.store.setVersions(ctx, input.Name, { default_version: doc.selected.version });
      return {
        Description: {
          Name: doc.name,
          DefaultVersion: String(doc.selected.version),
          ...(doc.selected.versionName ? { DefaultVersionName: doc.selected.versionName } : {}),
        },
      };
    },
  });
}
