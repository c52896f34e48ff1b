/** @module CreateAssociationBatch: each entry is created as CreateAssociation would; failures are listed, not thrown. */
import { Type } from "@sinclair/typebox";
import { ServiceError } from "../../../../protocol/errors/service-error.ts";
import type { SsmCreateAssociationBatchRequestEntry } from "../../../../protocol/model-outputs.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsList, AwsUnsupported } from "../../../core/validation/aws-shapes.ts";
import { canonicalDocumentArn } from "../../documents/index.ts";
import { associationArn, refuseUnsupported, type StateManagerDeps } from "../association-shapes.ts";
import { CreateEntry, createAssociation } from "./create-association.ts";

export function createAssociationBatchAction(deps: StateManagerDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "CreateAssociationBatch",
    input: Type.Object({ Entries: AwsList(CreateEntry(), { min: 1 }), AssociationDispatchAssumeRole: Type.Optional(AwsUnsupported()) }),
    resources: (ctx, input) => [...input.Entries.map((e) => canonicalDocumentArn(ctx, e.Name)), associationArn(ctx, "*")],
    async handle(ctx, input) {
      refuseUnsupported(input as Record<string, unknown>);
      const Successful = [];
      const Failed = [];
      for (const entry of input.Entries) {
        try {
          Successful.push(await createAssociation(deps, ctx, entry, "ssm:CreateAssociationBatch"));
        } catch (error) {
          // A denied entry fails the whole request, as an authorization failure does in SSM; other failures are listed.
          if (!(error instanceof ServiceError) || error.exception === "AccessDeniedException") throw error;
          // The entry goes back as sent; the members Bosun does not support were checked only for absence, so the
          // compiler knows them as unknown while the model says what the caller had to send.
          Failed.push({
            Entry: entry as SsmCreateAssociationBatchRequestEntry,
            Message: `${error.exception}: ${error.message}`,
            Fault: "Client",
          });
        }
      }
      return { Successful, Failed };
    },
  });
}
