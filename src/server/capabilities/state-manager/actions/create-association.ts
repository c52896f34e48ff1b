/**
 * @module CreateAssociation (and the entries of CreateAssociationBatch): checks the document, parameters, targets and
 * schedule, stores version 1, and runs it at once unless ApplyOnlyAtCronInterval says to wait for the schedule.
 */
import { randomUUID } from "node:crypto";
import { type Static, Type } from "@sinclair/typebox";
import { AssociationAlreadyExists } from "../../../../protocol/errors/errors.ts";
import type { ActionContext } from "../../../core/api/action.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsUnsupported } from "../../../core/validation/aws-shapes.ts";
import { canonicalDocumentArn } from "../../documents/index.ts";
import { TagListShape } from "../../tags/index.ts";
import { nextRunOf, specOf } from "../association-runner.ts";
import {
  associationArn,
  associationMembers,
  associationResourceType,
  checkSpec,
  DocumentNameShape,
  InstanceIdShape,
  refuseUnsupported,
  type StateManagerDeps,
} from "../association-shapes.ts";
import { overviewOf } from "../association-status.ts";
import type { AssociationRow, AssociationSpec } from "../association-store.ts";
import { associationDescription } from "../association-view.ts";

export const CreateEntry = () =>
  Type.Object({ Name: DocumentNameShape(), InstanceId: Type.Optional(InstanceIdShape()), ...associationMembers() });
export type CreateInput = Static<ReturnType<typeof CreateEntry>> & { Tags?: unknown; AssociationDispatchAssumeRole?: unknown };

const canonicalTargets = (spec: AssociationSpec) => JSON.stringify(spec.Targets.map((t) => [t.Key, [...t.Values].sort()]).sort());

/** Creates one association; returns its description. Shared by CreateAssociation and CreateAssociationBatch. */
export async function createAssociation(
  deps: StateManagerDeps,
  ctx: ActionContext,
  input: CreateInput,
  iamAction = "ssm:CreateAssociation",
) {
  refuseUnsupported(input as Record<string, unknown>);
  const targets = input.InstanceId
    ? [{ Key: "InstanceIds", Values: [input.InstanceId] }]
    : (input.Targets ?? []).map((t) => ({ Key: t.Key ?? "", Values: t.Values ?? [] }));
  const spec: AssociationSpec = {
    Name: input.Name,
    ...(input.DocumentVersion ? { DocumentVersion: input.DocumentVersion } : {}),
    ...(input.Parameters ? { Parameters: input.Parameters } : {}),
    Targets: targets,
    ...(input.ScheduleExpression ? { ScheduleExpression: input.ScheduleExpression } : {}),
    ...(input.ScheduleOffset !== undefined ? { ScheduleOffset: input.ScheduleOffset } : {}),
    ...(input.AssociationName ? { AssociationName: input.AssociationName } : {}),
    ...(input.MaxConcurrency ? { MaxConcurrency: input.MaxConcurrency } : {}),
    ...(input.MaxErrors ? { MaxErrors: input.MaxErrors } : {}),
    ...(input.ComplianceSeverity ? { ComplianceSeverity: input.ComplianceSeverity } : {}),
    ...(input.SyncCompliance ? { SyncCompliance: input.SyncCompliance } : {}),
    ...(input.ApplyOnlyAtCronInterval !== undefined ? { ApplyOnlyAtCronInterval: input.ApplyOnlyAtCronInterval } : {}),
    ...(input.Duration !== undefined ? { Duration: input.Duration } : {}),
    ...(input.OutputLocation ? { OutputLocation: input.OutputLocation } : {}),
  };
  await checkSpec(deps, ctx, iamAction, spec);
  const existing = await deps.store.list(ctx);
  if (
    existing.some((row) => {
      const other = specOf(row);
      return (
        other.Name === spec.Name &&
        canonicalTargets(other) === canonicalTargets(spec) &&
        (other.AssociationName ?? "") === (spec.AssociationName ?? "")
      );
    })
  )
    throw new AssociationAlreadyExists(`An association of ${spec.Name} with these targets already exists.`);
  const now = deps.now();
  const row: AssociationRow = {
    association_id: randomUUID(),
    account_id: ctx.accountId,
    region: ctx.region,
    version: 1,
    spec: JSON.stringify(spec),
    created_at: now,
    updated_at: now,
    // The next scheduled run; the run at creation happens below, so the scheduler cannot start it a second time.
    next_run_at: nextRunOf(spec, now, now),
    last_execution_at: null,
    last_success_at: null,
  };
  await deps.store.insert(row);
  if (input.Tags && Array.isArray(input.Tags) && input.Tags.length > 0)
    await deps.tags.put(ctx, associationResourceType, row.association_id, input.Tags as { Key: string; Value: string }[]);
  let current = row;
  if (!spec.ApplyOnlyAtCronInterval) {
    await deps.runner.execute(row, undefined, false);
    current = (await deps.store.get(ctx, row.association_id)) ?? row;
  }
  return associationDescription(current, await overviewOf(deps.store, deps.runCommand, current));
}

export function createAssociationAction(deps: StateManagerDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "CreateAssociation",
    input: Type.Object({
      ...CreateEntry().properties,
      Tags: Type.Optional(TagListShape()),
      AssociationDispatchAssumeRole: Type.Optional(AwsUnsupported()),
    }),
    resources: (ctx, input) => [canonicalDocumentArn(ctx, input.Name), associationArn(ctx, "*")],
    async handle(ctx, input) {
      return { AssociationDescription: await createAssociation(deps, ctx, input) };
    },
  });
}
