/** @module Shared shapes of the State Manager actions, and the checks every create and update makes. */
import { Type } from "@sinclair/typebox";
import { InvalidDocument, InvalidOutputLocation, InvalidTarget, ValidationException } from "../../../protocol/errors/errors.ts";
import type { ActionContext } from "../../core/api/action.ts";
import { authorize } from "../../core/api/dispatch.ts";
import { bucketNamePattern, safeKey } from "../../core/blobs/blob-store.ts";
import type { Keyring } from "../../core/crypto/keyring.ts";
import { AwsBoolean, AwsEnum, AwsInteger, AwsList, AwsString, AwsUnsupported, InstanceIdShape } from "../../core/validation/aws-shapes.ts";

export { InstanceIdShape };

import { type BucketAccess, bucketRefusal } from "../buckets/index.ts";
import type { DocumentsCapability } from "../documents/index.ts";
import { canonicalDocumentArn } from "../documents/index.ts";
import { type ManagedNodesCapability, managedInstanceArn } from "../managed-nodes/index.ts";
import { type RunCommandCapability, TargetsShape } from "../run-command/index.ts";
import type { TagStore } from "../tags/index.ts";
import type { AssociationRunner } from "./association-runner.ts";
import type { AssociationSpec, AssociationStore } from "./association-store.ts";
import { parseSchedule } from "./schedule.ts";

export interface StateManagerDeps {
  store: AssociationStore;
  runner: AssociationRunner;
  documents: DocumentsCapability;
  runCommand: RunCommandCapability;
  nodes: ManagedNodesCapability;
  tags: TagStore;
  keyring: Keyring;
  buckets: BucketAccess;
  now: () => number;
}

export const AssociationIdShape = () =>
  AwsString({ pattern: "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}" });
export const DocumentNameShape = () => AwsString({ pattern: "^[a-zA-Z0-9_\\-.:/]{3,128}$" });
export const AssociationVersionShape = () => AwsString({ pattern: "([$]LATEST)|([1-9][0-9]*)" });
const DocumentVersionShape = () => AwsString({ pattern: "([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)" });

/** The members CreateAssociation, UpdateAssociation and CreateAssociationBatch entries share. */
export const associationMembers = () => ({
  DocumentVersion: Type.Optional(DocumentVersionShape()),
  Parameters: Type.Optional(Type.Record(Type.String(), AwsList(AwsString()))),
  Targets: Type.Optional(TargetsShape()),
  ScheduleExpression: Type.Optional(AwsString({ min: 1, max: 256 })),
  OutputLocation: Type.Optional(
    Type.Object({
      S3Location: Type.Optional(
        Type.Object({
          OutputS3Region: Type.Optional(AwsString({ min: 3, max: 20 })),
          OutputS3BucketName: Type.Optional(AwsString({ min: 3, max: 63 })),
          OutputS3KeyPrefix: Type.Optional(AwsString({ max: 500 })),
        }),
      ),
    }),
  ),
  AssociationName: Type.Optional(AwsString({ pattern: "^[a-zA-Z0-9_\\-.]{3,128}$" })),
  AutomationTargetParameterName: Type.Optional(AwsUnsupported()),
  MaxErrors: Type.Optional(AwsString({ min: 1, max: 7, pattern: "^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$" })),
  MaxConcurrency: Type.Optional(AwsString({ min: 1, max: 7, pattern: "^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$" })),
  ComplianceSeverity: Type.Optional(AwsEnum(["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNSPECIFIED"] as const)),
  SyncCompliance: Type.Optional(AwsEnum(["AUTO", "MANUAL"] as const)),
  ApplyOnlyAtCronInterval: Type.Optional(AwsBoolean()),
  CalendarNames: Type.Optional(AwsUnsupported()),
  TargetLocations: Type.Optional(AwsUnsupported()),
  ScheduleOffset: Type.Optional(AwsInteger({ min: 1, max: 6 })),
  Duration: Type.Optional(AwsInteger({ min: 1, max: 24 })),
  TargetMaps: Type.Optional(AwsUnsupported()),
  AlarmConfiguration: Type.Optional(AwsUnsupported()),
});

const unsupported: Record<string, string> = {
  AutomationTargetParameterName: "Automation documents",
  CalendarNames: "Change Calendar",
  TargetLocations: "cross-account and cross-Region targets",
  TargetMaps: "target maps",
  AlarmConfiguration: "CloudWatch alarms",
  AssociationDispatchAssumeRole: "an assumed dispatch role",
};

/** Refuses members Bosun does not implement, naming what they are for. */
export function refuseUnsupported(input: Record<string, unknown>): void {
  for (const [member, what] of Object.entries(unsupported))
    if (input[member] !== undefined) throw new ValidationException(`${member} is not supported by Bosun (${what}).`);
}

/**
 * Checks a specification the way SSM does before anything is stored (document, parameters, targets, schedule,
 * output), and authorizes what it will touch as the caller: the document by its canonical ARN, every node its targets
 * match now, and every `{{ssm:...}}` parameter it reads. Runs happen later without a caller, so this is the check.
 */
export async function checkSpec(deps: StateManagerDeps, ctx: ActionContext, iamAction: string, spec: AssociationSpec): Promise<void> {
  const document = await deps.documents.resolve(ctx, spec.Name, { documentVersion: spec.DocumentVersion });
  if (document.documentType !== "Command" && document.documentType !== "Policy")
    throw new InvalidDocument(
      `Document ${document.name} is of type ${document.documentType}; Bosun's associations run Command and Policy documents.`,
    );
  authorize(ctx, iamAction, [canonicalDocumentArn(ctx, spec.Name)]);
  // Renders the document as the caller would send it: its parameters are checked there, and each {{ssm:}} it reads.
  await deps.runCommand.checkAsCaller(ctx, {
    documentName: spec.Name,
    documentVersion: spec.DocumentVersion,
    parameters: spec.Parameters ?? {},
  });
  if (spec.Targets.length === 0) throw new InvalidTarget("An association needs Targets (or an InstanceId).");
  for (const target of spec.Targets) {
    const ok =
      (target.Key === "InstanceIds" && target.Values.length > 0) ||
      (target.Key === "tag-key" && target.Values.length > 0) ||
      (/^tag:.+/.test(target.Key) && target.Values.length > 0);
    if (!ok) throw new InvalidTarget(`The target ${target.Key} isn't valid: use InstanceIds (or *), tag:<key> or tag-key with values.`);
  }
  const named = spec.Targets.filter((t) => t.Key === "InstanceIds").flatMap((t) => t.Values.filter((v) => v !== "*"));
  const matched = (await deps.runner.targetNodes(ctx, spec, "")).map((n) => n.instance_id);
  authorize(
    ctx,
    iamAction,
    [...new Set([...named, ...matched])].map((id) => managedInstanceArn(ctx, id)),
  );
  // Duration cancels a run still going after N hours; Bosun's runs end by their commands' own timeouts, so a Duration
  // would be ignored. Refused until it is honoured.
  if (spec.Duration !== undefined)
    throw new ValidationException("Duration is not supported: an association's runs end by their documents' timeouts.");
  if (spec.ScheduleExpression !== undefined) {
    const schedule = parseSchedule(spec.ScheduleExpression);
    if (spec.ScheduleOffset !== undefined && schedule.kind !== "cron")
      throw new ValidationException("ScheduleOffset applies to cron() schedules only.");
    if (spec.ApplyOnlyAtCronInterval && schedule.kind !== "cron")
      throw new ValidationException("ApplyOnlyAtCronInterval applies to cron() schedules only.");
  } else if (spec.ApplyOnlyAtCronInterval) {
    throw new ValidationException("ApplyOnlyAtCronInterval needs a cron() ScheduleExpression.");
  }
  const s3 = spec.OutputLocation?.S3Location;
  if (s3?.OutputS3BucketName !== undefined && !bucketNamePattern.test(s3.OutputS3BucketName))
    throw new InvalidOutputLocation(`The output bucket name ${s3.OutputS3BucketName} is not a valid S3 bucket name.`);
  if (s3?.OutputS3KeyPrefix && !safeKey(s3.OutputS3KeyPrefix.replace(/\/+$/, "")))
    throw new InvalidOutputLocation("The output key prefix may not contain empty, . or .. segments.");
  if (s3?.OutputS3BucketName !== undefined && !(await deps.buckets.claimForWriting(ctx.accountId, s3.OutputS3BucketName, ctx.now)))
    throw new InvalidOutputLocation(bucketRefusal(s3.OutputS3BucketName));
}

/** The tagging resource type of associations, as SSM names it. */
export const associationResourceType = "Association";

export const associationArn = (scope: { accountId: string; region: string }, id: string): string =>
  `arn:aws:ssm:${scope.region}:${scope.accountId}:association/${id}`;
