/**
 * @module ResumeSession: a new token for a session whose client lost its connection, so the same client attaches
 * again and the stream continues where its acknowledgements stopped. An ended session cannot be resumed.
 */
import { Type } from "@sinclair/typebox";
import { DoesNotExist } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { clientTokenLifetimeMs, newToken, type SessionDeps, SessionIdShape, sessionArn, streamUrl } from "../session-shapes.ts";
import { activeStatuses, tokenHash } from "../session-store.ts";

export function resumeSessionAction(deps: SessionDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "ResumeSession",
    input: Type.Object({ SessionId: SessionIdShape() }),
    resources: (ctx, input) => [sessionArn(ctx, input.SessionId.trim())],
    async handle(ctx, input) {
      const sessionId = input.SessionId.trim();
      const row = await deps.store.get(ctx, sessionId);
      if (!row || !activeStatuses.includes(row.status))
        throw new DoesNotExist(`Session ${sessionId} does not exist or has ended; start a new session.`);
      const token = newToken();
      await deps.store.renewClientToken(sessionId, tokenHash(token), ctx.now + clientTokenLifetimeMs);
      return { SessionId: sessionId, TokenValue: token, StreamUrl: streamUrl(row.relay_url ?? deps.streamBase(), sessionId) };
    },
  });
}
