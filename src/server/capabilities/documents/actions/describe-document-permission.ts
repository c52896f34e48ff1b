/** @module DescribeDocumentPermission: the accounts (or All) one of the account's documents is shared with, and at which version. */
import { Type } from "@sinclair/typebox";
import { InvalidDocument } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { decodeNextToken, encodeNextToken } from "../../../core/api/next-token.ts";
import { AwsEnum, AwsInteger, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { type DocumentDeps, DocumentNameShape, documentArn } from "../document-shapes.ts";
import { resolveDocument } from "../resolve-document.ts";

export function describeDocumentPermissionAction(deps: DocumentDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribeDocumentPermission",
    input: Type.Object({
      Name: DocumentNameShape(),
      PermissionType: AwsEnum(["Share"] as const),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 200 })),
      NextToken: Type.Optional(NextTokenShape()),
    }),
    resources: (ctx, input) => [documentArn(ctx, input.Name)],
    async handle(ctx, input) {
      const doc = await resolveDocument(deps.store, ctx, input.Name);
      if (doc.builtin) throw new InvalidDocument(`${input.Name} is owned by Amazon; it has no shares to describe.`);
      const all = await deps.permissions.list(ctx, input.Name);
      const start = input.NextToken
        ? decodeNextToken<{ at: number }>(deps.keyring, ctx, "DescribeDocumentPermission", input.NextToken).at
        : 0;
      const size = input.MaxResults ?? 200;
      const page = all.slice(start, start + size);
      // SSM names a share with everyone "all" in AccountIds.
      const shown = page.map((p) => ({ AccountId: p.shared_with, SharedDocumentVersion: p.shared_version }));
      return {
        AccountIds: shown.map((s) => s.AccountId),
        AccountSharingInfoList: shown,
        ...(start + size < all.length
          ? { NextToken: encodeNextToken(deps.keyring, ctx, "DescribeDocumentPermission", { at: start + size }) }
          : {}),
      };
    },
  });
}
