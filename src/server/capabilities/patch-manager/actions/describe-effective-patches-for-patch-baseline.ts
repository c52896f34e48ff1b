/**
 * @module DescribeEffectivePatchesForPatchBaseline: what a baseline says of each patch its operating system's nodes
 * reported — APPROVED, PENDING_APPROVAL, EXPLICIT_APPROVED or EXPLICIT_REJECTED, with the compliance level — by the
 * same rules the agent applies. Patches the baseline does not consider are left out.
 */
import { Type } from "@sinclair/typebox";
import { judge } from "../../../../protocol/patch/approval.ts";
import { defineAction } from "../../../core/api/action.ts";
import { indexPage } from "../../../core/api/next-token.ts";
import { AwsInteger, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { factsOfRow, patchView } from "../catalog-view.ts";
import { BaselineIdShape, type PatchDeps } from "../patch-shapes.ts";
import { baselineResource, resolveBaseline } from "../resolve-baseline.ts";

export function describeEffectivePatchesForPatchBaselineAction(deps: PatchDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribeEffectivePatchesForPatchBaseline",
    input: Type.Object({
      BaselineId: BaselineIdShape(),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 100 })),
      NextToken: Type.Optional(NextTokenShape()),
    }),
    resources: (ctx, input) => [baselineResource(ctx, input.BaselineId)],
    async handle(ctx, input) {
      const baseline = await resolveBaseline(deps.store, ctx, input.BaselineId);
      const effective = [];
      for (const row of await deps.catalog.list(ctx, baseline.operatingSystem)) {
        const verdict = judge(baseline.operatingSystem, baseline.body, factsOfRow(row), ctx.now);
        if (!verdict) continue;
        effective.push({
          Patch: patchView(row),
          PatchStatus: {
            DeploymentStatus: verdict.status,
            ComplianceLevel: verdict.complianceLevel,
            ...(verdict.approvalDate !== undefined ? { ApprovalDate: verdict.approvalDate / 1000 } : {}),
          },
        });
      }
      const { page, nextToken } = indexPage(
        deps.keyring,
        ctx,
        "DescribeEffectivePatchesForPatchBaseline",
        effective,
        input.NextToken,
        input.MaxResults ?? 100,
      );
      return { EffectivePatches: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  });
}
