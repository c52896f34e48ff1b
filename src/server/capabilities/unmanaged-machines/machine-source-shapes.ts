/**
 * @module What the machine source actions share: input shapes, the source's ARN and the source as the API returns it.
 */
import { AwsString } from "../../core/validation/aws-shapes.ts";
import type { Ec2SourceConfig } from "./ec2-discovery.ts";
import type { MachineDeps } from "./machine-shapes.ts";
import type { SourceRow } from "./machine-store.ts";

export const AccountIdShape = () => AwsString({ pattern: "^\\d{12}$" });

export const SourceNameShape = () => AwsString({ min: 1, max: 64, pattern: "^[a-zA-Z0-9_.-]+$" });

export const arn = (ctx: { region: string; accountId: string }, name: string) =>
  `arn:aws:ssm:${ctx.region}:${ctx.accountId}:machine-source/${name}`;

export function describeSource(row: SourceRow, machineCount?: number) {
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

export async function describeAll(deps: MachineDeps, accounts: readonly string[]) {
  const out = [];
  for (const accountId of accounts) {
    const machines = await deps.store.machines(accountId);
    for (const row of await deps.store.sources(accountId))
      out.push(describeSource(row, machines.filter((m) => m.source_name === row.source_name).length));
  }
  return out;
}
