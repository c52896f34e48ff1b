/**
 * @module `bosun fleet …`: the machines that exist but are not managed. `fleet unmanaged` lists them with the reason
 * (agent never installed / stopped / offline since …), `fleet import` loads a CMDB list (CSV or JSON), `fleet ec2`
 * adds an EC2 source (a role per account), `fleet sources` shows the sources and `fleet refresh` asks EC2 again.
 */
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { toJsonText } from "../json-output.ts";
import { toCsvText, toTableText } from "../table-output.ts";
import { type ApiOptions, apiClient, withApiOptions } from "./common-options.ts";

interface Machine {
  AccountId: string;
  Region: string;
  MachineId: string;
  SourceName: string;
  State: string;
  Name?: string;
  Hostname?: string;
  IpAddress?: string;
  Status: string;
  Reason: string;
  InstanceId?: string;
}

interface Source {
  AccountId: string;
  SourceName: string;
  SourceType: string;
  MachineCount?: number;
  LastStatus?: string;
  LastStatusMessage?: string;
}

const machineColumns = ["AccountId", "Region", "MachineId", "Name", "State", "Status", "Reason", "InstanceId", "SourceName"] as const;

export function machineLines(machines: readonly Machine[]): string[][] {
  return machines.map((m) => machineColumns.map((c) => String(m[c as keyof Machine] ?? "")));
}

function print(header: readonly string[], lines: string[][], rows: unknown[], output: string, none: string): void {
  if (output === "json") process.stdout.write(toJsonText(rows));
  else if (output === "csv") process.stdout.write(toCsvText(header, lines));
  else process.stdout.write(lines.length > 0 ? toTableText(header, lines) : `${none}\n`);
}

/**
 * Prints sources. A command that just made or refreshed a source fails when it failed (`failWhenFailed`), with the
 * whole message on stderr; a plain listing reports it and succeeds.
 */
function printSources(sources: Source[], output: string, failWhenFailed = true): void {
  printSourceRows(sources, output);
  const failed = sources.filter((s) => s.LastStatus === "Failed");
  for (const s of failed) process.stderr.write(`bosun: source ${s.SourceName} (${s.AccountId}) failed: ${s.LastStatusMessage ?? ""}\n`);
  if (failed.length > 0 && failWhenFailed) process.exitCode = 1;
}

const printSourceRows = (sources: Source[], output: string) =>
  print(
    ["AccountId", "SourceName", "SourceType", "Machines", "LastStatus", "Message"],
    sources.map((s) => [
      s.AccountId,
      s.SourceName,
      s.SourceType,
      String(s.MachineCount ?? ""),
      s.LastStatus ?? "",
      s.LastStatusMessage ?? "",
    ]),
    sources,
    output,
    "no machine sources",
  );

const allAccountsOption = "every account of the organization (management account or delegated administrator)";

export function registerFleetCommands(program: Command): void {
  const fleet = program.command("fleet").description("machines that exist, managed or not");

  withApiOptions(fleet.command("unmanaged").description("list machines without a working agent, with the reason"))
    .option("--all-accounts", allAccountsOption, false)
    .option("--include-managed", "list managed machines too", false)
    .option("--output <format>", "table, json or csv", "table")
    .action(async (o: ApiOptions & { allAccounts: boolean; includeManaged: boolean; output: string }) => {
      const api = await apiClient(o);
      const machines: Machine[] = [];
      let token: string | undefined;
      do {
        const page = await api.call<{ Machines: Machine[]; NextToken?: string }>("Bosun.ListUnmanagedMachines", {
          MaxResults: 1000,
          ...(o.allAccounts ? { AllAccounts: true } : {}),
          ...(o.includeManaged ? { IncludeManaged: true } : {}),
          ...(token ? { NextToken: token } : {}),
        });
        machines.push(...page.Machines);
        token = page.NextToken;
      } while (token);
      print(machineColumns, machineLines(machines), machines, o.output, "no unmanaged machines");
    });

  withApiOptions(fleet.command("import").description("load a CMDB's list of machines (replaces the source's previous list)"))
    .requiredOption("--file <path>", "CSV with a header row (id, region, state, name, hostname, ip, …) or a JSON array")
    .option("--source <name>", "the source's name", "cmdb")
    .option("--format <format>", "CSV or JSON (by the file's extension when absent)")
    .option("--account-id <id>", "a member account (management account or delegated administrator)")
    .option("--default-region <region>", "the Region of machines whose line names none")
    .option("--output <format>", "table or json", "table")
    .action(
      async (
        o: ApiOptions & { file: string; source: string; format?: string; accountId?: string; defaultRegion?: string; output: string },
      ) => {
        const content = await readFile(o.file, "utf8");
        const format = (o.format ?? (o.file.toLowerCase().endsWith(".json") ? "JSON" : "CSV")).toUpperCase();
        const api = await apiClient(o);
        const answer = await api.call<{ Source: Source }>("Bosun.PutMachineSource", {
          SourceName: o.source,
          SourceType: "CMDB",
          Content: content,
          ContentFormat: format,
          ...(o.accountId ? { AccountId: o.accountId } : {}),
          ...(o.defaultRegion ? { DefaultRegion: o.defaultRegion } : {}),
        });
        printSources([answer.Source], o.output);
      },
    );

  withApiOptions(fleet.command("ec2").description("add (or change) an EC2 source: every enabled Region unless --regions"))
    .option("--source <name>", "the source's name", "ec2")
    .option("--role-arn <arn>", "the role to assume in the account (e.g. arn:aws:iam::123456789012:role/BosunDiscovery)")
    .option("--regions <list>", "comma-separated Regions")
    .option("--account-id <id>", "a member account (management account or delegated administrator)")
    .option("--output <format>", "table or json", "table")
    .action(async (o: ApiOptions & { source: string; roleArn?: string; regions?: string; accountId?: string; output: string }) => {
      const api = await apiClient(o);
      const answer = await api.call<{ Source: Source }>("Bosun.PutMachineSource", {
        SourceName: o.source,
        SourceType: "EC2",
        ...(o.roleArn ? { RoleArn: o.roleArn } : {}),
        ...(o.regions ? { Regions: o.regions.split(",").map((r) => r.trim()) } : {}),
        ...(o.accountId ? { AccountId: o.accountId } : {}),
      });
      printSources([answer.Source], o.output);
    });

  for (const [name, action, description] of [
    ["sources", "Bosun.ListMachineSources", "list machine sources and how their last refresh went"],
    ["refresh", "Bosun.RefreshMachineSources", "ask every EC2 source again now"],
  ] as const)
    withApiOptions(fleet.command(name).description(description))
      .option("--all-accounts", allAccountsOption, false)
      .option("--output <format>", "table, json or csv", "table")
      .action(async (o: ApiOptions & { allAccounts: boolean; output: string }) => {
        const api = await apiClient(o);
        const answer = await api.call<{ Sources: Source[] }>(action, o.allAccounts ? { AllAccounts: true } : {});
        printSources(answer.Sources, o.output, name === "refresh");
      });
}
