/** @module CreateDocument: a new document at version 1, its default. */
import { Type } from "@sinclair/typebox";
import { DocumentAlreadyExists, DocumentLimitExceeded, ValidationException } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { isUniqueViolation } from "../../../core/store/sql-helpers.ts";
import { AwsEnum, AwsList, AwsString } from "../../../core/validation/aws-shapes.ts";
import { TagListShape } from "../../tags/index.ts";
import { builtinDocuments, reservedDocumentName } from "../builtin-documents.ts";
import {
  DisplayNameShape,
  DocumentArnShape,
  type DocumentDeps,
  DocumentFormatShape,
  DocumentNameShape,
  DocumentTypeShape,
  DocumentVersionShape,
  documentArn,
  documentResourceType,
  maxDocumentsPerScope,
  TargetTypeShape,
  VersionNameShape,
  versionFromContent,
} from "../document-shapes.ts";
import { documentDescription } from "../document-view.ts";
import { resolveDocument } from "../resolve-document.ts";

/** AWS's words (the model's and moto's): the name is not repeated. */
const documentExists = () => new DocumentAlreadyExists("The specified document already exists.");

export const DocumentRequiresShape = () =>
  AwsList(
    Type.Object({
      Name: DocumentArnShape(),
      Version: Type.Optional(DocumentVersionShape()),
      RequireType: Type.Optional(AwsString({ max: 128, pattern: "^[a-zA-Z0-9_\\-.]{1,128}$" })),
      VersionName: Type.Optional(VersionNameShape()),
    }),
    { min: 1 },
  );

export const AttachmentsShape = () =>
  AwsList(
    Type.Object({
      Key: Type.Optional(AwsEnum(["SourceUrl", "S3FileUrl", "AttachmentReference"] as const)),
      Values: Type.Optional(AwsList(AwsString({ min: 1, max: 1024 }), { min: 1, max: 1 })),
      Name: Type.Optional(AwsString({ pattern: "^[a-zA-Z0-9_\\-.]{3,128}$" })),
    }),
    { min: 0, max: 20 },
  );

export function createDocumentAction(deps: DocumentDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "CreateDocument",
    input: Type.Object({
      Content: AwsString({ min: 1 }),
      Requires: Type.Optional(DocumentRequiresShape()),
      Attachments: Type.Optional(AttachmentsShape()),
      Name: DocumentNameShape(),
      DisplayName: Type.Optional(DisplayNameShape()),
      VersionName: Type.Optional(VersionNameShape()),
      DocumentType: Type.Optional(DocumentTypeShape),
      DocumentFormat: Type.Optional(DocumentFormatShape),
      TargetType: Type.Optional(TargetTypeShape()),
      Tags: Type.Optional(TagListShape()),
    }),
    resources: (ctx, input) => [documentArn(ctx, input.Name)],
    async handle(ctx, input) {
      if (reservedDocumentName(input.Name))
        throw new ValidationException(`Document names can't begin with aws, amazon or amzn: ${input.Name}`);
      if (input.Attachments?.length) throw new ValidationException("Attachments are not supported by this server yet.");
      // Requires names AppConfig documents a document depends on; Bosun has no AppConfig to check them against.
      if (input.Requires?.length) throw new ValidationException("Requires is not supported: Bosun has no AWS AppConfig documents.");
      const documentType = input.DocumentType ?? "Command";
      const version = versionFromContent(ctx, input.Name, 1, documentType, input, ctx.now);
      if (builtinDocuments.has(input.Name)) throw documentExists();
      try {
        await deps.store.transaction(async (store) => {
          if (await store.get(ctx, input.Name)) throw documentExists();
          if ((await store.count(ctx)) >= maxDocumentsPerScope)
            throw new DocumentLimitExceeded(`You can have at most ${maxDocumentsPerScope} documents.`);
          await store.insertDocument({
            account_id: ctx.accountId,
            region: ctx.region,
            name: input.Name,
            document_type: documentType,
            target_type: input.TargetType ?? null,
            default_version: 1,
            latest_version: 1,
            created_at: ctx.now,
          });
          await store.insertVersion(version);
          if (input.Tags?.length) await deps.tags.put(ctx, documentResourceType, input.Name, input.Tags, store.handle);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw documentExists();
        throw error;
      }
      const created = await resolveDocument(deps.store, ctx, input.Name);
      return { DocumentDescription: documentDescription(created, await deps.tags.list(ctx, documentResourceType, input.Name)) };
    },
  });
}
