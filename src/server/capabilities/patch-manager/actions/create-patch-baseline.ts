/**
 * @module CreatePatchBaseline: an account's own baseline for one operating system (WINDOWS when none is named) — its
 * global filters, approval rules, approved and rejected lists and sources. A repeated ClientToken answers the
 * baseline it made, or IdempotentParameterMismatch when the request differs.
 */
import { isDeepStrictEqual } from "node:util";
import { Type } from "@sinclair/typebox";
import { IdempotentParameterMismatch, ResourceLimitExceeded, ValidationException } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsString } from "../../../core/validation/aws-shapes.ts";
import { maxTagsPerResource, TagListShape } from "../../tags/index.ts";
import {
  BaselineNameShape,
  baselineBodyMembers,
  checkBody,
  newBaselineId,
  OperatingSystemShape,
  type PatchDeps,
  patchBaselineArn,
  patchBaselineResourceType,
  withDefaults,
} from "../patch-shapes.ts";

/** SSM's quota: 50 custom baselines per account and Region. */
export const maxBaselinesPerScope = 50;

export function createPatchBaselineAction(deps: PatchDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "CreatePatchBaseline",
    input: Type.Object({
      OperatingSystem: Type.Optional(OperatingSystemShape()),
      Name: BaselineNameShape(),
      ...baselineBodyMembers(),
      ClientToken: Type.Optional(AwsString({ min: 1, max: 64 })),
      Tags: Type.Optional(TagListShape()),
    }),
    resources: (ctx) => [patchBaselineArn(ctx, "*")],
    async handle(ctx, input) {
      const { OperatingSystem, Name, ClientToken, Tags, ...members } = input;
      const os = OperatingSystem ?? "WINDOWS";
      const body = withDefaults(members);
      checkBody(os, body);
      if (new Set(Tags?.map((tag) => tag.Key)).size > maxTagsPerResource)
        throw new ValidationException(`A patch baseline can have at most ${maxTagsPerResource} tags.`);
      const request = { name: Name, os, body };
      return deps.store.transaction(async (store) => {
        if (ClientToken) {
          const earlier = await store.withClientToken(ctx, ClientToken);
          if (earlier) {
            const same = isDeepStrictEqual(
              { name: earlier.name, os: earlier.operating_system, body: JSON.parse(earlier.body) as unknown },
              JSON.parse(JSON.stringify(request)) as unknown,
            );
            if (!same) throw new IdempotentParameterMismatch(`The ClientToken ${ClientToken} was used for a different request.`);
            return { BaselineId: earlier.baseline_id };
          }
        }
        if ((await store.count(ctx)) >= maxBaselinesPerScope)
          throw new ResourceLimitExceeded(`An account can have at most ${maxBaselinesPerScope} patch baselines in a Region.`);
        const id = newBaselineId();
        await store.insert({
          account_id: ctx.accountId,
          region: ctx.region,
          baseline_id: id,
          name: Name,
          operating_system: os,
          body: JSON.stringify(body),
          client_token: ClientToken ?? null,
          created_at: ctx.now,
          modified_at: ctx.now,
        });
        if (Tags?.length) await deps.tags.put(ctx, patchBaselineResourceType, id, Tags, store.handle);
        return { BaselineId: id };
      });
    },
  });
}
