/** @module UpdateDocument: a new version from the latest; the default stays until UpdateDocumentDefaultVersion. */
import { Type } from "@sinclair/typebox";
import {
  DocumentVersionLimitExceeded,
  DuplicateDocumentContent,
  DuplicateDocumentVersionName,
  InvalidDocumentOperation,
  InvalidDocumentVersion,
  TooManyUpdates,
  ValidationException,
} from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { isUniqueViolation } from "../../../core/store/sql-helpers.ts";
import { AwsString } from "../../../core/validation/aws-shapes.ts";
import {
  DisplayNameShape,
  type DocumentDeps,
  DocumentFormatShape,
  DocumentNameShape,
  DocumentVersionShape,
  documentArn,
  documentResourceType,
  maxVersionsPerDocument,
  TargetTypeShape,
  VersionNameShape,
  versionFromContent,
} from "../document-shapes.ts";
import { documentDescription } from "../document-view.ts";
import { resolveDocument } from "../resolve-document.ts";
import { AttachmentsShape } from "./create-document.ts";

export function updateDocumentAction(deps: DocumentDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "UpdateDocument",
    input: Type.Object({
      Content: AwsString({ min: 1 }),
      Attachments: Type.Optional(AttachmentsShape()),
      Name: DocumentNameShape(),
      DisplayName: Type.Optional(DisplayNameShape()),
      VersionName: Type.Optional(VersionNameShape()),
      DocumentVersion: Type.Optional(DocumentVersionShape()),
      DocumentFormat: Type.Optional(DocumentFormatShape),
      TargetType: Type.Optional(TargetTypeShape()),
    }),
    resources: (ctx, input) => [documentArn(ctx, input.Name)],
    async handle(ctx, input) {
      if (input.Attachments?.length) throw new ValidationException("Attachments are not supported by this server yet.");
      const current = await resolveDocument(deps.store, ctx, input.Name, { documentVersion: "$LATEST" });
      if (current.builtin) throw new InvalidDocumentOperation(`${input.Name} is owned by Amazon and can't be updated.`);
      // As SSM: only the latest version can be updated.
      if (
        input.DocumentVersion !== undefined &&
        input.DocumentVersion !== "$LATEST" &&
        input.DocumentVersion !== String(current.latestVersion)
      ) {
        // AWS's words (moto records them): only the latest version can be updated, and the message does not say which.
        throw new InvalidDocumentVersion("The document version is not valid or does not exist.");
      }
      const next = current.latestVersion + 1;
      const version = versionFromContent(ctx, input.Name, next, current.documentType, input, ctx.now);
      if (version.sha256 === current.selected.sha256)
        throw new DuplicateDocumentContent(
          "The content of the association document matches another document. Change the content of the document and try again.",
        );
      try {
        await deps.store.transaction(async (store) => {
          const document = await store.get(ctx, input.Name);
          if (document?.latest_version !== current.latestVersion)
            throw new TooManyUpdates("The document changed while it was being updated. Try again.");
          if (next > maxVersionsPerDocument)
            throw new DocumentVersionLimitExceeded(`A document can have at most ${maxVersionsPerDocument} versions.`);
          if (input.VersionName && (await store.versionNamed(ctx, input.Name, input.VersionName))) {
            throw new DuplicateDocumentVersionName("The specified version name is a duplicate.");
          }
          await store.insertVersion(version);
          // TargetType belongs to the document (as in SSM), so a new version may change it.
          await store.setVersions(ctx, input.Name, {
            latest_version: next,
            ...(input.TargetType !== undefined ? { target_type: input.TargetType } : {}),
          });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new TooManyUpdates("The document changed while it was being updated. Try again.");
        throw error;
      }
      const updated = await resolveDocument(deps.store, ctx, input.Name, { documentVersion: String(next) });
      return { DocumentDescription: documentDescription(updated, await deps.tags.list(ctx, documentResourceType, input.Name)) };
    },
  });
}
