/**
 * @module CreateMaintenanceWindow: an account's window — when it opens (Schedule in ScheduleTimezone, ScheduleOffset,
 * StartDate–EndDate), how long it lasts (Duration) and when it stops starting tasks (Cutoff hours before its end). A
 * repeated ClientToken answers the window it made, or IdempotentParameterMismatch when the request differs.
 */
import { isDeepStrictEqual } from "node:util";
import { Type } from "@sinclair/typebox";
import { IdempotentParameterMismatch, ResourceLimitExceeded, ValidationException } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsString } from "../../../core/validation/aws-shapes.ts";
import { maxTagsPerResource, TagListShape } from "../../tags/index.ts";
import {
  AwsBoolean,
  CutoffShape,
  checkWindow,
  DurationShape,
  maxWindowsPerScope,
  newWindowId,
  ScheduleShape,
  type WindowDeps,
  WindowNameShape,
  windowArn,
  windowMembers,
  windowResourceType,
} from "../window-shapes.ts";

export function createMaintenanceWindowAction(deps: WindowDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "CreateMaintenanceWindow",
    input: Type.Object({
      Name: WindowNameShape(),
      Schedule: ScheduleShape(),
      Duration: DurationShape(),
      Cutoff: CutoffShape(),
      AllowUnassociatedTargets: AwsBoolean(),
      ...windowMembers(),
      ClientToken: Type.Optional(AwsString({ min: 1, max: 64 })),
      Tags: Type.Optional(TagListShape()),
    }),
    resources: (ctx) => [windowArn(ctx, "*")],
    async handle(ctx, input) {
      const { ClientToken, Tags, ...window } = input;
      checkWindow(window, window.Duration, window.Cutoff);
      if (new Set(Tags?.map((tag) => tag.Key)).size > maxTagsPerResource)
        throw new ValidationException(`A maintenance window can have at most ${maxTagsPerResource} tags.`);
      const row = {
        account_id: ctx.accountId,
        region: ctx.region,
        window_id: newWindowId(),
        name: window.Name,
        description: window.Description ?? null,
        schedule: window.Schedule,
        schedule_timezone: window.ScheduleTimezone ?? null,
        schedule_offset: window.ScheduleOffset ?? null,
        start_date: window.StartDate ?? null,
        end_date: window.EndDate ?? null,
        duration: window.Duration,
        cutoff: window.Cutoff,
        allow_unassociated_targets: window.AllowUnassociatedTargets ? 1 : 0,
        enabled: 1,
        client_token: ClientToken ?? null,
        schedule_set_at: ctx.now,
        created_at: ctx.now,
        modified_at: ctx.now,
      };
      // What makes two requests the same one (ids, times and the token aside).
      const request = ({
        window_id: _id,
        client_token: _token,
        schedule_set_at: _set,
        created_at: _c,
        modified_at: _m,
        ...rest
      }: typeof row) => rest;
      return deps.store.transaction(async (store) => {
        if (ClientToken) {
          const earlier = await store.withClientToken(ctx, ClientToken);
          if (earlier) {
            if (!isDeepStrictEqual(request({ ...earlier, enabled: 1 }), request(row)))
              throw new IdempotentParameterMismatch(`The ClientToken ${ClientToken} was used for a different request.`);
            return { WindowId: earlier.window_id };
          }
        }
        if ((await store.count(ctx)) >= maxWindowsPerScope)
          throw new ResourceLimitExceeded(`An account can have at most ${maxWindowsPerScope} maintenance windows in a Region.`);
        await store.insert(row);
        if (Tags?.length) await deps.tags.put(ctx, windowResourceType, row.window_id, Tags, store.handle);
        return { WindowId: row.window_id };
      });
    },
  });
}
