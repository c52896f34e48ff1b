/**
 * @module Bosun.ListUnmanagedMachines: every machine the sources report that the rule calls unmanaged (or, with
 * IncludeManaged, every machine), with the reason, across the caller's account or, with AllAccounts, the whole
 * organization — the management account included — and every Region.
 */
import { Type } from "@sinclair/typebox";
import { InvalidNextToken } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { decodeNextToken, encodeNextToken } from "../../../core/api/next-token.ts";
import { AwsBoolean, AwsInteger, NextTokenShape } from "../../../core/validation/aws-shapes.ts";
import { judgeMachines } from "../machine-refresh.ts";
import { accountsFor, type MachineDeps } from "../machine-shapes.ts";

export function listUnmanagedMachinesAction(deps: MachineDeps) {
  return defineAction({
    target: "Bosun",
    name: "ListUnmanagedMachines",
    input: Type.Object({
      AllAccounts: Type.Optional(AwsBoolean()),
      IncludeManaged: Type.Optional(AwsBoolean()),
      MaxResults: Type.Optional(AwsInteger({ min: 1, max: 1000 })),
      NextToken: Type.Optional(NextTokenShape()),
    }),
    resources: (ctx) => [`arn:aws:ssm:${ctx.region}:${ctx.accountId}:machine-source/*`],
    async handle(ctx, input) {
      const accounts = await accountsFor(deps, ctx, input.AllAccounts);
      const shape = { all: input.AllAccounts === true, managed: input.IncludeManaged === true };
      const start = input.NextToken
        ? decodeNextToken<{ index: number; all: boolean; managed: boolean }>(deps.keyring, ctx, "ListUnmanagedMachines", input.NextToken)
        : undefined;
      if (start && (start.all !== shape.all || start.managed !== shape.managed))
        throw new InvalidNextToken("The NextToken was issued for a listing with other AllAccounts or IncludeManaged.");
      const verdicts = (await judgeMachines(deps, accounts, ctx.now)).filter((v) => shape.managed || v.status === "Unmanaged");
      const from = start?.index ?? 0;
      const limit = input.MaxResults ?? 100;
      const page = verdicts.slice(from, from + limit);
      return {
        Machines: page.map((v) => ({
          AccountId: v.accountId,
          Region: v.machine.region,
          MachineId: v.machine.machine_id,
          SourceName: v.machine.source_name,
          SourceType: v.sourceType,
          State: v.machine.state,
          ...(v.machine.name ? { Name: v.machine.name } : {}),
          ...(v.machine.hostname ? { Hostname: v.machine.hostname } : {}),
          ...(v.machine.private_ip ? { IpAddress: v.machine.private_ip } : {}),
          ...(v.machine.platform ? { Platform: v.machine.platform } : {}),
          Status: v.status,
          Reason: v.reason,
          ...(v.node ? { InstanceId: v.node.instanceId, MatchedBy: v.matchedBy } : {}),
        })),
        ...(from + limit < verdicts.length
          ? { NextToken: encodeNextToken(deps.keyring, ctx, "ListUnmanagedMachines", { index: from + limit, ...shape }) }
          : {}),
      };
    },
  });
}
