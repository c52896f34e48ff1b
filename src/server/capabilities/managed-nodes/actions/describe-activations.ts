/** @module DescribeActivations: the account's activations, filtered by id, default instance name or IAM role. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { decodeNextToken, encodeNextToken } from "../../../core/api/next-token.ts";
import { filteredPage } from "../../../core/store/filtered-page.ts";
import { AwsEnum, AwsInteger, AwsList, AwsString, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import type { ActivationRow } from "../activation-store.ts";
import { activationArn, activationResourceType, type ManagedNodeDeps } from "../managed-node-shapes.ts";

const Filter = Type.Object({
  FilterKey: Type.Optional(AwsEnum(["ActivationIds", "DefaultInstanceName", "IamRole"] as const)),
  FilterValues: Type.Optional(AwsList(AwsString())),
});

const columnOf = { ActivationIds: "activation_id", DefaultInstanceName: "default_instance_name", IamRole: "iam_role" } as const;

export function describeActivationsAction(deps: ManagedNodeDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "DescribeActivations",
    input: Type.Object({
      Filters: Type.Optional(AwsList(Filter)),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 50 })),
      NextToken: Type.Optional(NextTokenShape()),
    }),
    resources: (ctx) => [activationArn(ctx, "*")],
    async handle(ctx, input) {
      const filters = (input.Filters ?? []).filter((f) => f.FilterKey !== undefined && (f.FilterValues?.length ?? 0) > 0);
      const matches = (row: ActivationRow) =>
        filters.every((f) => f.FilterValues?.includes(String(row[columnOf[f.FilterKey ?? "ActivationIds"]] ?? "")) ?? true);
      const limit = input.MaxResults ?? 50;
      const after = input.NextToken
        ? decodeNextToken<{ createdAt: number; id: string }>(deps.keyring, ctx, "DescribeActivations", input.NextToken)
        : undefined;
      const { page, more } = await filteredPage(
        (position: { createdAt: number; id: string } | undefined, batch) => deps.activations.list(ctx, position, batch),
        (row) => ({ createdAt: row.created_at, id: row.activation_id }),
        matches,
        after,
        limit,
      );
      const activations = [];
      for (const row of page) {
        activations.push({
          ActivationId: row.activation_id,
          ...(row.description !== null ? { Description: row.description } : {}),
          ...(row.default_instance_name !== null ? { DefaultInstanceName: row.default_instance_name } : {}),
          IamRole: row.iam_role,
          RegistrationLimit: row.registration_limit,
          RegistrationsCount: row.registrations_count,
          ExpirationDate: row.expires_at / 1000,
          Expired: row.expires_at <= ctx.now,
          CreatedDate: row.created_at / 1000,
          Tags: await deps.tags.list(ctx, activationResourceType, row.activation_id),
        });
      }
      const last = page[page.length - 1];
      return {
        ActivationList: activations,
        ...(more && last
          ? { NextToken: encodeNextToken(deps.keyring, ctx, "DescribeActivations", { createdAt: last.created_at, id: last.activation_id }) }
          : {}),
      };
    },
  });
}
