/**
 * @module Bosun.GetSessionRecording: a session's recording (asciicast v2), a megabyte at a time from `Offset`, for
 * `bosun session replay` and the console's player. Authorized on the session (`bosun:GetSessionRecording`), so a
 * policy that keeps users to their own sessions keeps them to their own recordings.
 */
import { Type } from "@sinclair/typebox";
import { DoesNotExist } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsInteger } from "../../../core/validation/aws-shapes.ts";
import { type SessionDeps, SessionIdShape, sessionArn } from "../session-shapes.ts";

/** The most bytes one answer carries. */
export const recordingChunkBytes = 1024 * 1024;

export function getSessionRecordingAction(deps: SessionDeps) {
  return defineAction({
    target: "Bosun",
    name: "GetSessionRecording",
    input: Type.Object({ SessionId: SessionIdShape(), Offset: Type.Optional(AwsInteger({ min: 0 })) }),
    resources: (ctx, input) => [sessionArn(ctx, input.SessionId.trim())],
    async handle(ctx, input) {
      const sessionId = input.SessionId.trim();
      const row = await deps.store.get(ctx, sessionId);
      const recording = row && row.end_date !== null ? await deps.readRecording(row, input.Offset ?? 0, recordingChunkBytes) : undefined;
      if (!recording) throw new DoesNotExist(`Session ${sessionId} has no recording: it does not exist, or it has not ended yet.`);
      return {
        SessionId: sessionId,
        Content: recording.content.toString("utf8"),
        ...(recording.nextOffset !== undefined ? { NextOffset: recording.nextOffset } : {}),
      };
    },
  });
}
