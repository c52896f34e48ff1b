/** @module ListDocumentVersions: every version, oldest first, marking the default. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { decodeNextToken, encodeNextToken } from "../../../core/api/next-token.ts";
import { filteredPage } from "../../../core/store/filtered-page.ts";
import { AwsInteger, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { DocumentArnShape, type DocumentDeps } from "../document-shapes.ts";
import { canonicalDocumentArn, resolveDocument } from "../resolve-document.ts";

export function listDocumentVersionsAction(deps: DocumentDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "ListDocumentVersions",
    input: Type.Object({
      Name: DocumentArnShape(),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 50 })),
      NextToken: Type.Optional(NextTokenShape()),
    }),
    resources: (ctx, input) => [canonicalDocumentArn(ctx, input.Name)],
    async handle(ctx, input) {
      const doc = await resolveDocument(deps.store, ctx, input.Name);
      const info = (version: number, createdAt: number, format: string, versionName?: string | null, displayName?: string | null) => ({
        Name: doc.name,
        ...(displayName ? { DisplayName: displayName } : {}),
        DocumentVersion: String(version),
        ...(versionName ? { VersionName: versionName } : {}),
        CreatedDate: createdAt / 1000,
        IsDefaultVersion: version === doc.defaultVersion,
        DocumentFormat: format,
        Status: "Active",
      });
      if (doc.builtin) return { DocumentVersions: [info(1, doc.createdAt, "JSON")] };
      const after = input.NextToken
        ? decodeNextToken<{ after: number }>(deps.keyring, ctx, "ListDocumentVersions", input.NextToken).after
        : 0;
      const { page, more } = await filteredPage(
        (position: number | undefined, batch) => deps.store.versions(ctx, doc.name, position ?? 0, batch),
        (row) => row.version,
        () => true,
        after,
        input.MaxResults ?? 50,
      );
      const last = page[page.length - 1];
      return {
        DocumentVersions: page.map((r) => info(r.version, r.created_at, r.format, r.version_name, r.display_name)),
        ...(more && last ? { NextToken: encodeNextToken(deps.keyring, ctx, "ListDocumentVersions", { after: last.version }) } : {}),
      };
    },
  });
}
