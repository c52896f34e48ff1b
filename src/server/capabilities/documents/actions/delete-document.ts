/** @module DeleteDocument: the whole document, or one version that is not the default. */
import { Type } from "@sinclair/typebox";
import { InvalidDocumentOperation } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsBoolean } from "../../../core/validation/aws-shapes.ts";
import {
  type DocumentDeps,
  DocumentNameShape,
  DocumentVersionShape,
  documentArn,
  documentResourceType,
  VersionNameShape,
} from "../document-shapes.ts";
import { resolveDocument } from "../resolve-document.ts";

export function deleteDocumentAction(deps: DocumentDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DeleteDocument",
    input: Type.Object({
      Name: DocumentNameShape(),
      DocumentVersion: Type.Optional(DocumentVersionShape()),
      VersionName: Type.Optional(VersionNameShape()),
      Force: Type.Optional(AwsBoolean()),
    }),
    resources: (ctx, input) => [documentArn(ctx, input.Name)],
    async handle(ctx, input) {
      const whole = input.DocumentVersion === undefined && input.VersionName === undefined;
      const doc = await resolveDocument(
        deps.store,
        ctx,
        input.Name,
        whole ? {} : { documentVersion: input.DocumentVersion, versionName: input.VersionName },
      );
      if (doc.builtin) throw new InvalidDocumentOperation(`${input.Name} is owned by Amazon and can't be deleted.`);
      // As SSM: a configuration schema is deleted only with Force (something may still validate against it).
      if (whole && doc.documentType === "ApplicationConfigurationSchema" && !input.Force)
        throw new InvalidDocumentOperation(`${input.Name} is an ApplicationConfigurationSchema document: delete it with Force.`);
      // As SSM: a document that other accounts may be running is unshared first, on purpose, by its owner.
      if (whole && (await deps.permissions.list(ctx, input.Name)).length > 0)
        throw new InvalidDocumentOperation(
          "You attempted to delete a document while it is still shared. You must stop sharing the document before you can delete it.",
        );
      if (!whole && doc.selected.version === doc.defaultVersion) {
        throw new InvalidDocumentOperation("Default version of the document can't be deleted.");
      }
      await deps.store.transaction(async (store) => {
        await store.delete(ctx, input.Name, whole ? undefined : doc.selected.version);
        if (whole) {
          await deps.tags.removeAll(ctx, documentResourceType, input.Name, store.handle);
          // None are left (refused above); a share added since goes with it, so a new document of the name is not shared.
          await deps.permissions.removeAll(ctx, input.Name, store.handle);
        } else if (doc.selected.version === doc.latestVersion) {
          const remaining = await store.versions(ctx, input.Name, 0, 1000);
          await store.setVersions(ctx, input.Name, { latest_version: Math.max(...remaining.map((r) => r.version)) });
        }
      });
      return {};
    },
  });
}
