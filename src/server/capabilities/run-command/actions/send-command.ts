/**
 * @module SendCommand: checks everything (document, parameters, targets, output location) before anything is stored,
 * stores the command and one invocation per node durably, then lets the dispatcher deliver under rate control.
 */
import { createHash } from "node:crypto";
import { Type } from "@sinclair/typebox";
import {
  InvalidDocument,
  InvalidNotificationConfig,
  InvalidOutputFolder,
  ValidationException,
} from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { authorize } from "../../../core/api/dispatch.ts";
import { bucketNamePattern, safeKey } from "../../../core/blobs/blob-store.ts";
import { AwsBoolean, AwsEnum, AwsInteger, AwsList, AwsString } from "../../../core/validation/aws-shapes.ts";
import { bucketRefusal } from "../../buckets/index.ts";
import { canonicalDocumentArn } from "../../documents/index.ts";
import { managedInstanceArn } from "../../managed-nodes/index.ts";
import { commandView } from "../command-view.ts";
import { createCommand } from "../create-command.ts";
import { resolveTargets } from "../resolve-targets.ts";
import { InstanceIdShape, type RunCommandDeps, TargetsShape } from "../run-command-shapes.ts";
import { callerSsmLookup } from "../ssm-references.ts";

export function checkOutputLocation(bucket: string | undefined, prefix: string | undefined): void {
  if (bucket !== undefined && !bucketNamePattern.test(bucket))
    throw new InvalidOutputFolder(`The output bucket name ${bucket} is not a valid S3 bucket name.`);
  if (prefix !== undefined && prefix !== "" && !safeKey(prefix.replace(/\/+$/, "")))
    throw new InvalidOutputFolder("The output key prefix may not contain empty, . or .. segments.");
}

/** SNS, CloudWatch Logs and CloudWatch alarms do not exist beside Bosun: a request that relies on them is refused, not ignored. */
function checkUnsupported(input: {
  NotificationConfig?: { NotificationArn?: string };
  CloudWatchOutputConfig?: { CloudWatchOutputEnabled?: boolean };
  AlarmConfiguration?: object;
}): void {
  if (input.NotificationConfig?.NotificationArn)
    throw new InvalidNotificationConfig("Bosun does not publish to Amazon SNS; follow a command with ListCommands or the waiter instead.");
  if (input.CloudWatchOutputConfig?.CloudWatchOutputEnabled)
    throw new ValidationException("Bosun does not send output to CloudWatch Logs; use OutputS3BucketName for the full output.");
  if (input.AlarmConfiguration)
    throw new ValidationException("Bosun does not watch CloudWatch alarms; AlarmConfiguration is not supported.");
}

export function sendCommandAction(deps: RunCommandDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "SendCommand",
    input: Type.Object({
      InstanceIds: Type.Optional(AwsList(InstanceIdShape(), { min: 0, max: 50 })),
      Targets: Type.Optional(TargetsShape()),
      DocumentName: AwsString({ pattern: "^[a-zA-Z0-9_\\-.:/]{3,128}$" }),
      DocumentVersion: Type.Optional(AwsString({ pattern: "([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)" })),
      DocumentHash: Type.Optional(AwsString({ max: 256 })),
      DocumentHashType: Type.Optional(AwsEnum(["Sha256", "Sha1"] as const)),
      TimeoutSeconds: Type.Optional(AwsInteger({ min: 30, max: 2_592_000 })),
      Comment: Type.Optional(AwsString({ max: 100 })),
      Parameters: Type.Optional(Type.Record(Type.String(), AwsList(AwsString()))),
      OutputS3Region: Type.Optional(AwsString({ min: 3, max: 20 })),
      OutputS3BucketName: Type.Optional(AwsString({ min: 3, max: 63 })),
      OutputS3KeyPrefix: Type.Optional(AwsString({ max: 500 })),
      MaxConcurrency: Type.Optional(AwsString({ min: 1, max: 7, pattern: "^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$" })),
      MaxErrors: Type.Optional(AwsString({ min: 1, max: 7, pattern: "^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$" })),
      ServiceRoleArn: Type.Optional(AwsString()),
      NotificationConfig: Type.Optional(
        Type.Object({
          NotificationArn: Type.Optional(AwsString()),
          NotificationEvents: Type.Optional(AwsList(AwsEnum(["All", "InProgress", "Success", "TimedOut", "Cancelled", "Failed"] as const))),
          NotificationType: Type.Optional(AwsEnum(["Command", "Invocation"] as const)),
        }),
      ),
      CloudWatchOutputConfig: Type.Optional(
        Type.Object({
          CloudWatchLogGroupName: Type.Optional(AwsString({ min: 1, max: 512 })),
          CloudWatchOutputEnabled: Type.Optional(AwsBoolean()),
        }),
      ),
      AlarmConfiguration: Type.Optional(
        Type.Object({
          IgnorePollAlarmFailure: Type.Optional(AwsBoolean()),
          Alarms: AwsList(Type.Object({ Name: AwsString({ min: 1, max: 255, pattern: "^(?!\\s*$).+" }) }), { min: 1, max: 1 }),
        }),
      ),
    }),
    resources: (ctx, input) => [
      canonicalDocumentArn(ctx, input.DocumentName),
      ...(input.InstanceIds ?? []).map((id) => managedInstanceArn(ctx, id)),
    ],
    async handle(ctx, input) {
      checkOutputLocation(input.OutputS3BucketName, input.OutputS3KeyPrefix);
      checkUnsupported(input);
      const bucket = input.OutputS3BucketName;
      if (bucket !== undefined && !(await deps.buckets.claimForWriting(ctx.accountId, bucket, ctx.now)))
        throw new InvalidOutputFolder(bucketRefusal(bucket));
      const { nodes, byTag } = await resolveTargets(deps, ctx, input.InstanceIds, input.Targets);
      for (const node of nodes) authorize(ctx, "ssm:SendCommand", [managedInstanceArn(ctx, node.instance_id)]);
      const command = await createCommand(deps, ctx, ctx.now, {
        origin: "api",
        documentName: input.DocumentName,
        ...(input.DocumentVersion !== undefined ? { documentVersion: input.DocumentVersion } : {}),
        parameters: input.Parameters ?? {},
        nodes,
        byTag,
        instanceIds: input.InstanceIds ?? [],
        targets: (input.Targets ?? []).map((t) => ({ Key: t.Key ?? "", Values: t.Values ?? [] })),
        ...(input.TimeoutSeconds !== undefined ? { timeoutSeconds: input.TimeoutSeconds } : {}),
        ...(input.Comment !== undefined ? { comment: input.Comment } : {}),
        ...(input.MaxConcurrency !== undefined ? { maxConcurrency: input.MaxConcurrency } : {}),
        ...(input.MaxErrors !== undefined ? { maxErrors: input.MaxErrors } : {}),
        output: { bucket: input.OutputS3BucketName, prefix: input.OutputS3KeyPrefix, region: input.OutputS3Region },
        ...(input.ServiceRoleArn !== undefined ? { serviceRole: input.ServiceRoleArn } : {}),
        checkDocument(document) {
          if (input.DocumentHash === undefined) return;
          const algorithm = input.DocumentHashType === "Sha1" ? "sha1" : "sha256";
          const hash = createHash(algorithm).update(document.selected.content).digest("hex");
          if (hash !== input.DocumentHash.toLowerCase())
            throw new InvalidDocument("The document hash does not match the document's content.");
        },
        lookupSsm: callerSsmLookup(deps.parameters, ctx),
      });
      return { Command: commandView(command) };
    },
  });
}
