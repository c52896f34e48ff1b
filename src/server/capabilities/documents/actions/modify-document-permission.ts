/**
 * @module ModifyDocumentPermission: shares one of the account's documents with other accounts (or with `All`, every
 * account of this server), at $DEFAULT, $LATEST or $ALL of its versions; or stops sharing it. Amazon's documents are
 * not the caller's to share. SSM's limits: 20 accounts per call, 1,000 per document, five documents shared with All.
 */
import { Type } from "@sinclair/typebox";
import { DocumentPermissionLimit, InvalidDocument, ValidationException } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsEnum, AwsList, AwsString } from "../../../core/validation/aws-shapes.ts";
import { shareKey } from "../document-permission-store.ts";
import { type DocumentDeps, DocumentNameShape, documentArn } from "../document-shapes.ts";
import { resolveDocument } from "../resolve-document.ts";

export const AccountIdListShape = () => AwsList(AwsString({ pattern: "(?i)all|[0-9]{12}" }), { max: 20 });
const maxAccountsPerDocument = 1000;
const sharedVersions = ["$DEFAULT", "$LATEST", "$ALL"];
const maxPublicDocuments = 5;

export function modifyDocumentPermissionAction(deps: DocumentDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "ModifyDocumentPermission",
    input: Type.Object({
      Name: DocumentNameShape(),
      PermissionType: AwsEnum(["Share"] as const),
      AccountIdsToAdd: Type.Optional(AccountIdListShape()),
      AccountIdsToRemove: Type.Optional(AccountIdListShape()),
      SharedDocumentVersion: Type.Optional(AwsString({ max: 8, pattern: "([$]LATEST|[$]DEFAULT|[$]ALL)" })),
    }),
    resources: (ctx, input) => [documentArn(ctx, input.Name)],
    async handle(ctx, input) {
      // The model's pattern is not anchored (`$DEFAULTS` would match it); the version is one of the three.
      const version = input.SharedDocumentVersion ?? "$DEFAULT";
      if (!sharedVersions.includes(version))
        throw new ValidationException(
          `1 validation error detected: Value '${version}' at 'sharedDocumentVersion' failed to satisfy constraint: Member must be one of [$DEFAULT, $LATEST, $ALL]`,
        );
      const doc = await resolveDocument(deps.store, ctx, input.Name);
      if (doc.builtin) throw new InvalidDocument(`${input.Name} is owned by Amazon; only the account's own documents can be shared.`);
      // As SSM (moto records the words): a document is shared with All or with accounts, never both in one call.
      for (const ids of [input.AccountIdsToAdd ?? [], input.AccountIdsToRemove ?? []])
        if (ids.length > 1 && ids.some((id) => shareKey(id) === "all"))
          throw new DocumentPermissionLimit("Accounts can either be all or a group of AWS accounts");
      const adding = [...new Set((input.AccountIdsToAdd ?? []).map(shareKey))].filter((id) => id !== ctx.accountId);
      const removing = [...new Set((input.AccountIdsToRemove ?? []).map(shareKey))];
      await deps.permissions.transaction(async (permissions) => {
        const current = await permissions.list(ctx, input.Name);
        const after = new Set([...current.map((p) => p.shared_with), ...adding].filter((id) => !removing.includes(id)));
        if (after.size > maxAccountsPerDocument)
          throw new DocumentPermissionLimit(`A document can be shared with at most ${maxAccountsPerDocument} accounts.`);
        const becomesPublic = adding.includes("all") && !current.some((p) => p.shared_with === "all");
        if (becomesPublic && (await permissions.publicCount(ctx)) >= maxPublicDocuments)
          throw new DocumentPermissionLimit(`At most ${maxPublicDocuments} documents can be shared with All.`);
        await permissions.remove(ctx, input.Name, removing);
        await permissions.add(ctx, input.Name, adding, version);
      });
      return {};
    },
  });
}
