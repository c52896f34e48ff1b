/** @module Documents: the units of work (Command and others), versioned, in JSON or YAML, with Amazon's built-ins. */
import type { Capability, CoreServices } from "../../core/capability.ts";
import type { TagsCapability } from "../tags/index.ts";
import { createDocumentAction } from "./actions/create-document.ts";
import { deleteDocumentAction } from "./actions/delete-document.ts";
import { describeDocumentAction } from "./actions/describe-document.ts";
import { describeDocumentPermissionAction } from "./actions/describe-document-permission.ts";
import { getDocumentAction } from "./actions/get-document.ts";
import { listDocumentVersionsAction } from "./actions/list-document-versions.ts";
import { listDocumentsAction } from "./actions/list-documents.ts";
import { modifyDocumentPermissionAction } from "./actions/modify-document-permission.ts";
import { updateDocumentAction } from "./actions/update-document.ts";
import { updateDocumentDefaultVersionAction } from "./actions/update-document-default-version.ts";
import { builtinDocuments } from "./builtin-documents.ts";
import { DocumentPermissionStore } from "./document-permission-store.ts";
import { type DocumentDeps, documentArn, documentResourceType } from "./document-shapes.ts";
import { DocumentStore } from "./document-store.ts";
import { documentMigrations } from "./migrations.ts";
import { type ResolvedDocument, resolveUsableDocument, type VersionSelector } from "./resolve-document.ts";

export { type ParameterDefinition, type PlatformType, parseContent } from "./document-content.ts";
export { type ParameterValues, type RenderedStep, renderCommandSteps, resolveParameters, type SsmLookup } from "./document-parameters.ts";
export type { ResolvedDocument, VersionSelector } from "./resolve-document.ts";
export { canonicalDocumentArn, canonicalDocumentName } from "./resolve-document.ts";

export interface DocumentsCapability extends Capability {
  /** Finds a document version for Run Command and State Manager; throws InvalidDocument / InvalidDocumentVersion. */
  resolve(scope: { accountId: string; region: string }, name: string, selector?: VersionSelector): Promise<ResolvedDocument>;
}

export function createDocumentsCapability(core: CoreServices, tags: TagsCapability): DocumentsCapability {
  const deps: DocumentDeps = {
    store: new DocumentStore(core.database.db),
    permissions: new DocumentPermissionStore(core.database.db),
    tags: tags.store,
    keyring: core.keyring,
  };
  tags.registry.register(documentResourceType, {
    // Only the account's own documents carry tags.
    resolve: async (ctx, name) => (!builtinDocuments.has(name) && (await deps.store.get(ctx, name)) ? name : undefined),
    arn: documentArn,
  });
  return {
    name: "documents",
    migrations: documentMigrations,
    actions: [
      createDocumentAction(deps),
      getDocumentAction(deps),
      describeDocumentAction(deps),
      listDocumentsAction(deps),
      updateDocumentAction(deps),
      deleteDocumentAction(deps),
      listDocumentVersionsAction(deps),
      updateDocumentDefaultVersionAction(deps),
      modifyDocumentPermissionAction(deps),
      describeDocumentPermissionAction(deps),
    ],
    jobs: [],
    // Run Command and State Manager run the caller's documents, Amazon's, and documents shared with the caller.
    resolve: (scope, name, selector) => resolveUsableDocument(deps, scope, name, selector),
  };
}
