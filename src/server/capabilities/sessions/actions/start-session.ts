/**
 * @module StartSession: a shell, a command or a port on a managed node, over the node's outbound channel. The node and
 * the Session document are both authorized (`ssm:StartSession` on each, as in SSM); the answer's token lets one
 * client attach to the StreamUrl.
 */
import { Type } from "@sinclair/typebox";
import { InvalidDocument, TargetNotConnected } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsList, AwsString } from "../../../core/validation/aws-shapes.ts";
import { bucketRefusal } from "../../buckets/index.ts";
import { canonicalDocumentArn, canonicalDocumentName } from "../../documents/index.ts";
import { managedInstanceArn } from "../../managed-nodes/index.ts";
import {
  canTakeSession,
  clientTokenLifetimeMs,
  newSessionId,
  newToken,
  type SessionDeps,
  SessionTargetShape,
  streamUrl,
} from "../session-shapes.ts";
import { preferencesDocument, resolveSessionSpec } from "../session-spec.ts";
import { tokenHash } from "../session-store.ts";

const notConnected = (target: string) => new TargetNotConnected(`${target} is not connected.`);

/** The IAM user tag that names a user's run-as OS user. */
export const runAsTag = "SSMSessionRunAs";

export function startSessionAction(deps: SessionDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "StartSession",
    input: Type.Object({
      Target: SessionTargetShape(),
      DocumentName: Type.Optional(AwsString({ pattern: "^[a-zA-Z0-9_\\-.:/]{3,128}$" })),
      Reason: Type.Optional(AwsString({ min: 1, max: 256, pattern: "^.{1,256}$" })),
      Parameters: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 255 }), AwsList(AwsString({ max: 65535 })))),
    }),
    // The node and the document the session runs, as SSM authorizes them (the default shell is SSM-SessionManagerRunShell).
    resources: (ctx, input) => [
      managedInstanceArn(ctx, input.Target.trim()),
      canonicalDocumentArn(ctx, input.DocumentName ?? preferencesDocument),
    ],
    async handle(ctx, input) {
      const target = input.Target.trim();
      const node = await deps.nodes.instances.get(ctx, target);
      // An unknown node, a terminated one and an offline one: SSM says the same.
      if (!canTakeSession(deps, node, ctx.now)) throw notConnected(target);
      const documentName = canonicalDocumentName(ctx, input.DocumentName ?? preferencesDocument);
      const spec = await resolveSessionSpec(deps.documents, ctx, documentName, input.Parameters);
      // Recordings go to the preferences' bucket: one another account owns, and does not open to this one, is refused.
      const bucket = spec.preferences.s3BucketName;
      if (bucket && !(await deps.buckets.claimForWriting(ctx.accountId, bucket, ctx.now)))
        throw new InvalidDocument(`${preferencesDocument}: ${bucketRefusal(bucket)}`);
      // Run-as: the caller's `SSMSessionRunAs` tag names the OS user, before the preferences' default (as in SSM).
      const runAsUser = spec.preferences.runAsEnabled
        ? ((await deps.userTags.valueOf(ctx.accountId, ctx.principal.userName, runAsTag)) ?? spec.preferences.runAsDefaultUser)
        : "";
      const sessionId = newSessionId(ctx);
      const clientToken = newToken();
      const max = spec.preferences.maxSessionDuration;
      const row = {
        account_id: ctx.accountId,
        region: ctx.region,
        session_id: sessionId,
        target,
        document_name: spec.documentName,
        session_type: spec.sessionType,
        properties: JSON.stringify({ properties: spec.properties, preferences: spec.preferences, runAsUser }),
        status: "Connecting" as const,
        owner: ctx.principal.arn,
        reason: input.Reason ?? null,
        details: null,
        start_date: ctx.now,
        end_date: null,
        max_session_duration: max === undefined ? null : String(max),
        output_url: null,
        client_token_hash: tokenHash(clientToken),
        client_token_expires: ctx.now + clientTokenLifetimeMs,
        agent_token_hash: tokenHash(deps.agentToken(sessionId)),
        delivered_at: null,
        relayed_at: null,
        relay_url: deps.streamBase(),
      };
      await deps.store.insert(row);
      await deps.deliver(row);
      return { SessionId: sessionId, TokenValue: clientToken, StreamUrl: streamUrl(row.relay_url, sessionId) };
    },
  });
}
