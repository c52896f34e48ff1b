/**
 * @module TerminateSession: ends a session for good — its sockets close, the node's shell or forwarder stops, and it
 * moves to History. A session that has ended, or that is not the caller's account's, is answered the same, as SSM.
 */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { type SessionDeps, SessionIdShape, sessionArn } from "../session-shapes.ts";

export function terminateSessionAction(deps: SessionDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "TerminateSession",
    input: Type.Object({ SessionId: SessionIdShape() }),
    resources: (ctx, input) => [sessionArn(ctx, input.SessionId.trim())],
    async handle(ctx, input) {
      const sessionId = input.SessionId.trim();
      const row = await deps.store.get(ctx, sessionId);
      if (row) {
        const details = "The session was terminated (TerminateSession).";
        if (deps.relay.isLive(sessionId)) deps.relay.terminate(sessionId, details);
        else if (await deps.store.end(sessionId, "Terminated", ctx.now, details)) deps.ended(row);
      }
      return { SessionId: sessionId };
    },
  });
}
