/** @module Bosun.PutMachineSource: add or replace a CMDB list (CSV or JSON) or an EC2 source, read at once. */
import { Type } from "@sinclair/typebox";
import { ValidationException } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsEnum, AwsList, AwsString } from "../../../core/validation/aws-shapes.ts";
import { CmdbFormatError, parseCmdb } from "../cmdb-import.ts";
import type { Ec2SourceConfig } from "../ec2-discovery.ts";
import { refreshSource, storeReport } from "../machine-refresh.ts";
import { type MachineDeps, targetAccount } from "../machine-shapes.ts";
import { AccountIdShape, arn, describeAll, SourceNameShape } from "../machine-source-shapes.ts";
import type { ReportedMachine, SourceRow } from "../machine-store.ts";

const RegionShape = () => AwsString({ min: 1, max: 64, pattern: "^[a-z]{2}(-[a-z]+)+-\\d$" });

/** At most 10 MB of CMDB text in one import. */
const maxContentBytes = 10 * 1024 * 1024;

export function putMachineSourceAction(deps: MachineDeps) {
  return defineAction({
    target: "Bosun",
    name: "PutMachineSource",
    // The CMDB text plus its JSON escaping.
    maxRequestBytes: 2 * maxContentBytes,
    input: Type.Object({
      SourceName: SourceNameShape(),
      SourceType: AwsEnum(["EC2", "CMDB"] as const),
      AccountId: Type.Optional(AccountIdShape()),
      RoleArn: Type.Optional(AwsString({ min: 20, max: 2048, pattern: "^arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$" })),
      Regions: Type.Optional(AwsList(RegionShape(), { min: 1, max: 50 })),
      Content: Type.Optional(AwsString({ min: 1, max: maxContentBytes })),
      ContentFormat: Type.Optional(AwsEnum(["CSV", "JSON"] as const)),
      /** The Region of CMDB machines whose line names none. */
      DefaultRegion: Type.Optional(RegionShape()),
    }),
    resources: (ctx, input) => [arn(ctx, input.SourceName)],
    async handle(ctx, input) {
      const accountId = await targetAccount(deps, ctx, input.AccountId);
      let machines: ReportedMachine[] | undefined;
      if (input.SourceType === "CMDB") {
        if (input.Content === undefined) throw new ValidationException("A CMDB source needs the list of machines in Content.");
        if (input.RoleArn || input.Regions) throw new ValidationException("RoleArn and Regions are for EC2 sources.");
        try {
          machines = parseCmdb(input.Content, input.ContentFormat ?? "CSV", input.DefaultRegion ?? ctx.region);
        } catch (error) {
          if (error instanceof CmdbFormatError) throw new ValidationException(error.message);
          throw error;
        }
      } else if (input.Content !== undefined || input.ContentFormat || input.DefaultRegion)
        throw new ValidationException("Content, ContentFormat and DefaultRegion are for CMDB sources; EC2 is asked directly.");
      const config: Ec2SourceConfig = {
        ...(input.RoleArn ? { RoleArn: input.RoleArn } : {}),
        ...(input.Regions ? { Regions: input.Regions } : {}),
      };
      const row: SourceRow = {
        account_id: accountId,
        source_name: input.SourceName,
        source_type: input.SourceType,
        config: JSON.stringify(config),
        created_at: ctx.now,
        last_refresh_at: null,
        last_status: null,
        last_message: null,
      };
      await deps.store.putSource(row);
      if (machines) await storeReport(deps, row, machines, ctx.now);
      else await refreshSource(deps, row, ctx.now);
      const stored = (await deps.store.sources(accountId)).find((s) => s.source_name === input.SourceName) ?? row;
      return { Source: (await describeAll(deps, [accountId])).find((s) => s.SourceName === stored.source_name) };
    },
  });
}
