/**
 * @module PutComplianceItems: a resource's compliance of one type — Patch, Association or `Custom:…` — as items, each
 * COMPLIANT or NON_COMPLIANT with a severity. COMPLETE replaces every item of the type; PARTIAL replaces the items it
 * names. An upload whose ItemContentHash equals the last one is ignored, as SSM ignores it.
 */
import { Type } from "@sinclair/typebox";
import { InvalidItemContent, InvalidResourceId, InvalidResourceType } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsEnum, AwsList, AwsString, AwsTimestamp } from "../../../core/validation/aws-shapes.ts";
import { managedInstanceArn } from "../../managed-nodes/index.ts";
import { type ComplianceDeps, ComplianceTypeShape, managedInstance, severities, statuses } from "../compliance-shapes.ts";

export function putComplianceItemsAction(deps: ComplianceDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "PutComplianceItems",
    input: Type.Object({
      ResourceId: AwsString({ min: 1, max: 100 }),
      ResourceType: AwsString({ min: 1, max: 50 }),
      ComplianceType: ComplianceTypeShape(),
      ExecutionSummary: Type.Object({
        ExecutionTime: AwsTimestamp(),
        ExecutionId: Type.Optional(AwsString({ max: 100 })),
        ExecutionType: Type.Optional(AwsString({ max: 50 })),
      }),
      Items: AwsList(
        Type.Object({
          Id: Type.Optional(AwsString()),
          Title: Type.Optional(AwsString({ max: 500 })),
          Severity: AwsEnum(severities),
          Status: AwsEnum(statuses),
          Details: Type.Optional(Type.Record(AwsString({ min: 1, max: 64 }), AwsString({ max: 4096 }), { maxProperties: 50 })),
        }),
        { min: 0, max: 10_000 },
      ),
      ItemContentHash: Type.Optional(AwsString({ max: 256 })),
      UploadType: Type.Optional(AwsEnum(["COMPLETE", "PARTIAL"] as const)),
    }),
    // The node the compliance is about (its ARN, in the caller's account and Region).
    resources: (ctx, input) => [managedInstanceArn(ctx, input.ResourceId.trim())],
    async handle(ctx, input) {
      if (input.ResourceType !== managedInstance)
        throw new InvalidResourceType(
          `The resource type ${input.ResourceType} is not supported; compliance is kept for ${managedInstance}.`,
        );
      const resourceId = input.ResourceId.trim();
      const node = await deps.nodes.instances.get(ctx, resourceId);
      if (!node || node.terminated_at !== null)
        throw new InvalidResourceId(`${resourceId} is not a managed node of this account and Region.`);
      const ids = input.Items.map((item) => item.Id ?? "");
      const repeated = ids.find((id, at) => ids.indexOf(id) !== at);
      if (repeated !== undefined) throw new InvalidItemContent(`Item Id ${JSON.stringify(repeated)} appears more than once.`);
      await deps.store.put(ctx, {
        resourceType: managedInstance,
        resourceId,
        complianceType: input.ComplianceType,
        execution: {
          time: Math.round(input.ExecutionSummary.ExecutionTime * 1000),
          id: input.ExecutionSummary.ExecutionId,
          type: input.ExecutionSummary.ExecutionType,
        },
        contentHash: input.ItemContentHash,
        items: input.Items.map((item) => ({
          id: item.Id ?? "",
          title: item.Title,
          severity: item.Severity,
          status: item.Status,
          details: item.Details,
        })),
        complete: (input.UploadType ?? "COMPLETE") === "COMPLETE",
      });
      return {};
    },
  });
}
