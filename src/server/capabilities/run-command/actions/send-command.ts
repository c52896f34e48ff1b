/**
 * @module SendCommand: checks everything (document, parameters, targets, output location) before anything is stored,
 * stores the command and one invocation per node durably, then lets the dispatcher deliver under rate control.
 */
import { createHash, randomUUID } from "node:crypto";
import { Type } from "@sinclair/typebox";
import {
  InvalidDocument,
  InvalidNotificationConfig,
  InvalidOutputFolder,
  InvalidParameters,
  ValidationException,
} from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { authorize } from "../../../core/api/dispatch.ts";
import { bucketNamePattern, safeKey } from "../../../core/blobs/blob-store.ts";
import { AwsBoolean, AwsEnum, AwsInteger, AwsList, AwsString } from "../../../core/validation/aws-shapes.ts";
import { parseContent, renderCommandSteps, resolveParameters } from "../../documents/index.ts";
import { managedInstanceArn } from "../../managed-nodes/index.ts";
import { commandCounts, commandDetails } from "../command-statuses.ts";
import type { CommandRow, InvocationRow } from "../command-store.ts";
import { commandView } from "../command-view.ts";
import { resolveTargets } from "../resolve-targets.ts";
import { InstanceIdShape, type RunCommandDeps } from "../run-command-shapes.ts";

export const defaultDeliveryTimeoutSeconds = 3600;

function checkOutputLocation(bucket: string | undefined, prefix: string | undefined): void {
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
      Targets: Type.Optional(
        AwsList(
          Type.Object({
            Key: Type.Optional(
              AwsString({
                min: 1,
                max: 163,
                pattern: "^[\\p{L}\\p{Z}\\p{N}_.:/=\\-@]*$|resource-groups:ResourceTypeFilters|resource-groups:Name",
              }),
            ),
            Values: Type.Optional(AwsList(AwsString(), { min: 0, max: 50 })),
          }),
          { min: 0, max: 5 },
        ),
      ),
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
      `arn:aws:ssm:${ctx.region}:${ctx.accountId}:document/${input.DocumentName}`,
      ...(input.InstanceIds ?? []).map((id) => managedInstanceArn(ctx, id)),
    ],
    async handle(ctx, input) {
      checkOutputLocation(input.OutputS3BucketName, input.OutputS3KeyPrefix);
      checkUnsupported(input);
      const document = await deps.documents.resolve(ctx, input.DocumentName, { documentVersion: input.DocumentVersion });
      if (document.documentType !== "Command")
        throw new InvalidDocument(`Document ${document.name} is of type ${document.documentType}; SendCommand runs Command documents.`);
      if (input.DocumentHash !== undefined) {
        const algorithm = input.DocumentHashType === "Sha1" ? "sha1" : "sha256";
        const hash = createHash(algorithm).update(document.selected.content).digest("hex");
        if (hash !== input.DocumentHash.toLowerCase())
          throw new InvalidDocument("The document hash does not match the document's content.");
      }
      const values = resolveParameters(document.selected.parameters, input.Parameters ?? {});
      const body = parseContent(document.selected.content, document.selected.format);
      const steps = await renderCommandSteps(body, values, async (name) => {
        const found = await deps.parameters(ctx, name).catch(() => {
          throw new InvalidParameters(`Parameter {{ssm:${name}}} does not exist or is not readable.`);
        });
        // Reading a parameter through a command needs the same permission as reading it directly.
        authorize(ctx, "ssm:GetParameters", [found.arn]);
        if (found.type === "SecureString")
          throw new InvalidParameters(`{{ssm:${name}}} is a SecureString; commands may not embed secrets in their scripts.`);
        return found.value;
      });
      const { nodes, byTag } = await resolveTargets(deps, ctx, input.InstanceIds, input.Targets);
      for (const node of nodes) authorize(ctx, "ssm:SendCommand", [managedInstanceArn(ctx, node.instance_id)]);

      const now = ctx.now;
      const timeoutSeconds = input.TimeoutSeconds ?? defaultDeliveryTimeoutSeconds;
      const executionSeconds = steps.reduce((n, s) => n + s.timeoutSeconds, 0);
      const commandId = randomUUID();
      const counts = { Pending: nodes.length };
      const summary = commandCounts(counts);
      const command: CommandRow = {
        command_id: commandId,
        account_id: ctx.accountId,
        region: ctx.region,
        document_name: document.name,
        document_version: input.DocumentVersion ?? "$DEFAULT",
        comment: input.Comment ?? "",
        parameters: JSON.stringify(input.Parameters ?? {}),
        instance_ids: JSON.stringify(input.InstanceIds ?? []),
        targets: JSON.stringify((input.Targets ?? []).map((t) => ({ Key: t.Key ?? "", Values: t.Values ?? [] }))),
        steps: JSON.stringify(steps),
        platform_types: JSON.stringify(document.selected.platformTypes),
        requested_at: now,
        // SSM's total timeout: the delivery timeout plus the time the steps may run.
        expires_at: now + (timeoutSeconds + executionSeconds) * 1000,
        timeout_seconds: timeoutSeconds,
        max_concurrency: input.MaxConcurrency ?? "50",
        max_errors: input.MaxErrors ?? "0",
        output_bucket: input.OutputS3BucketName ?? null,
        output_prefix: input.OutputS3KeyPrefix ?? null,
        output_region: input.OutputS3Region ?? null,
        service_role: input.ServiceRoleArn ?? null,
        status_details: commandDetails(counts, 0, false, byTag),
        target_count: summary.targetCount,
        completed_count: 0,
        error_count: 0,
        delivery_timed_out_count: 0,
        cancel_requested: 0,
        finished: nodes.length === 0 ? 1 : 0,
      };
      const invocations: InvocationRow[] = nodes.map((node, seq) => ({
        command_id: commandId,
        instance_id: node.instance_id,
        account_id: ctx.accountId,
        region: ctx.region,
        seq,
        instance_name: node.computer_name ?? "",
        requested_at: now,
        status_details: "Pending",
        terminal: 0,
        released: 0,
        started_at: null,
        ended_at: null,
        response_code: -1,
        plugins: null,
      }));
      await deps.store.insert(command, invocations);
      deps.dispatcher.kick(commandId);
      return { Command: commandView(command) };
    },
  });
}
