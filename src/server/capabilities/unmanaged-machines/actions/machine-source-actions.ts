/**
 * @module Bosun.PutMachineSource, ListMachineSources, DeleteMachineSource and RefreshMachineSources: where Bosun learns
 * which machines exist — AWS EC2 through a role per account, or a CMDB list imported as CSV or JSON. An organization's
 * management account (or delegated administrator) configures them for member accounts with `AccountId`.
 */
import { Type } from "@sinclair/typebox";
import { ValidationException } from "../../../../protocol/errors/errors.ts";
import { defineError } from "../../../../protocol/errors/service-error.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsBoolean, AwsEnum, AwsList, AwsString } from "../../../core/validation/aws-shapes.ts";
import { CmdbFormatError, parseCmdb } from "../cmdb-import.ts";
import type { Ec2SourceConfig } from "../ec2-discovery.ts";
import { refreshSource, storeReport } from "../machine-refresh.ts";
import { accountsFor, type MachineDeps, targetAccount } from "../machine-shapes.ts";
import type { ReportedMachine, SourceRow } from "../machine-store.ts";

const NotFound = defineError("ResourceNotFoundException");

const AccountIdShape = () => AwsString({ pattern: "^\\d{12}$" });
const SourceNameShape = () => AwsString({ min: 1, max: 64, pattern: "^[a-zA-Z0-9_.-]+$" });
const RegionShape = () => AwsString({ min: 1, max: 64, pattern: "^[a-z]{2}(-[a-z]+)+-\\d$" });
/** At most 10 MB of CMDB text in one import. */
const maxContentBytes = 10 * 1024 * 1024;

const arn = (ctx: { region: string; accountId: string }, name: string) =>
  `arn:aws:ssm:${ctx.region}:${ctx.accountId}:machine-source/${name}`;

function describeSource(row: SourceRow, machineCount?: number) {
  const config = JSON.parse(row.config) as Ec2SourceConfig;
  return {
    AccountId: row.account_id,
    SourceName: row.source_name,
    SourceType: row.source_type,
    ...(config.RoleArn ? { RoleArn: config.RoleArn } : {}),
    ...(config.Regions ? { Regions: config.Regions } : {}),
    ...(machineCount !== undefined ? { MachineCount: machineCount } : {}),
    ...(row.last_refresh_at !== null ? { LastRefreshTime: row.last_refresh_at / 1000 } : {}),
    ...(row.last_status !== null ? { LastStatus: row.last_status } : {}),
    ...(row.last_message !== null ? { LastStatusMessage: row.last_message } : {}),
  };
}

async function describeAll(deps: MachineDeps, accounts: readonly string[]) {
  const out = [];
  for (const accountId of accounts) {
    const machines = await deps.store.machines(accountId);
    for (const row of await deps.store.sources(accountId))
      out.push(describeSource(row, machines.filter((m) => m.source_name === row.source_name).length));
  }
  return out;
}

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

export function listMachineSourcesAction(deps: MachineDeps) {
  return defineAction({
    target: "Bosun",
    name: "ListMachineSources",
    input: Type.Object({ AllAccounts: Type.Optional(AwsBoolean()) }),
    resources: (ctx) => [arn(ctx, "*")],
    async handle(ctx, input) {
      return { Sources: await describeAll(deps, await accountsFor(deps, ctx, input.AllAccounts)) };
    },
  });
}

export function deleteMachineSourceAction(deps: MachineDeps) {
  return defineAction({
    target: "Bosun",
    name: "DeleteMachineSource",
    input: Type.Object({ SourceName: SourceNameShape(), AccountId: Type.Optional(AccountIdShape()) }),
    resources: (ctx, input) => [arn(ctx, input.SourceName)],
    async handle(ctx, input) {
      const accountId = await targetAccount(deps, ctx, input.AccountId);
      if (!(await deps.store.transaction((store) => store.deleteSource(accountId, input.SourceName))))
        throw new NotFound(`No machine source named ${input.SourceName} in account ${accountId}.`);
      return {};
    },
  });
}

export function refreshMachineSourcesAction(deps: MachineDeps) {
  return defineAction({
    target: "Bosun",
    name: "RefreshMachineSources",
    input: Type.Object({ AllAccounts: Type.Optional(AwsBoolean()) }),
    resources: (ctx) => [arn(ctx, "*")],
    async handle(ctx, input) {
      const accounts = await accountsFor(deps, ctx, input.AllAccounts);
      for (const accountId of accounts)
        for (const source of await deps.store.sources(accountId)) await refreshSource(deps, source, ctx.now);
      return { Sources: await describeAll(deps, accounts) };
    },
  });
}
