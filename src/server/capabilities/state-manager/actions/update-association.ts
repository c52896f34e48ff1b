/** @module UpdateAssociation: every update makes a new version (AssociationVersion guards against lost updates). */
import { Type } from "@sinclair/typebox";
import { AssociationDoesNotExist, InvalidAssociationVersion } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsUnsupported } from "../../../core/validation/aws-shapes.ts";
import { nextRunOf, specOf } from "../association-runner.ts";
import {
  AssociationIdShape,
  AssociationVersionShape,
  associationArn,
  associationMembers,
  checkSpec,
  DocumentNameShape,
  refuseUnsupported,
  type StateManagerDeps,
} from "../association-shapes.ts";
import { overviewOf } from "../association-status.ts";
import type { AssociationSpec } from "../association-store.ts";
import { associationDescription } from "../association-view.ts";

export function updateAssociationAction(deps: StateManagerDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "UpdateAssociation",
    input: Type.Object({
      AssociationId: AssociationIdShape(),
      Name: Type.Optional(DocumentNameShape()),
      AssociationVersion: Type.Optional(AssociationVersionShape()),
      AssociationDispatchAssumeRole: Type.Optional(AwsUnsupported()),
      ...associationMembers(),
    }),
    resources: (ctx, input) => [associationArn(ctx, input.AssociationId)],
    async handle(ctx, input) {
      refuseUnsupported(input as Record<string, unknown>);
      const row = await deps.store.get(ctx, input.AssociationId);
      if (!row) throw new AssociationDoesNotExist("The specified association doesn't exist.");
      if (input.AssociationVersion && input.AssociationVersion !== "$LATEST" && Number(input.AssociationVersion) !== row.version)
        throw new InvalidAssociationVersion(`The association is at version ${row.version}, not ${input.AssociationVersion}.`);
      const current = specOf(row);
      const defined = Object.fromEntries(
        Object.entries({
          Name: input.Name,
          DocumentVersion: input.DocumentVersion,
          Parameters: input.Parameters,
          Targets: input.Targets?.map((t) => ({ Key: t.Key ?? "", Values: t.Values ?? [] })),
          ScheduleExpression: input.ScheduleExpression,
          ScheduleOffset: input.ScheduleOffset,
          AssociationName: input.AssociationName,
          MaxConcurrency: input.MaxConcurrency,
          MaxErrors: input.MaxErrors,
          ComplianceSeverity: input.ComplianceSeverity,
          SyncCompliance: input.SyncCompliance,
          ApplyOnlyAtCronInterval: input.ApplyOnlyAtCronInterval,
          Duration: input.Duration,
          OutputLocation: input.OutputLocation,
        }).filter(([, value]) => value !== undefined),
      );
      const spec: AssociationSpec = { ...current, ...defined };
      await checkSpec(deps, ctx, "ssm:UpdateAssociation", spec);
      const now = deps.now();
      const updated = {
        ...row,
        version: row.version + 1,
        spec: JSON.stringify(spec),
        updated_at: now,
        next_run_at: nextRunOf(spec, now, now),
      };
      await deps.store.update(updated);
      // A changed association applies at once (unless it waits for its cron interval), as in SSM.
      if (!spec.ApplyOnlyAtCronInterval) await deps.runner.execute(updated, undefined, false);
      const fresh = (await deps.store.get(ctx, row.association_id)) ?? updated;
      return { AssociationDescription: associationDescription(fresh, await overviewOf(deps.store, deps.runCommand, fresh)) };
    },
  });
}
