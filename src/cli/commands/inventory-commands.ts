/**
 * @module `bosun inventory search` and `bosun node list`: fleet search from the command line, in one account or, with
 * `--all-accounts`, across the organization. Conditions are `--where "<key> <op> <value>"`
 * (ops `=`, `!=`, `<`, `>`, `^=` for begins-with, `exists`), ANDed; results page through the API and print as a
 * table, JSON or CSV.
 */
import type { Command } from "commander";
import { type Condition, parseWhere } from "../../protocol/search-conditions.ts";
import { toJsonText } from "../json-output.ts";
import { toCsvText, toTableText } from "../table-output.ts";
import { type ApiOptions, apiClient, withApiOptions } from "./common-options.ts";

interface Row {
  AccountId?: string;
  InstanceId: string;
  ComputerName: string;
  PingStatus: string;
  PlatformName: string;
  PlatformVersion: string;
  TypeName?: string;
  Attributes?: Record<string, string>;
}

/** Rows flattened to columns: the account (across accounts), node fields, then every attribute any row has. */
export function toColumns(rows: readonly Row[], accounts = false): { header: string[]; lines: string[][] } {
  const attributes = [...new Set(rows.flatMap((r) => Object.keys(r.Attributes ?? {})))];
  const header = [
    ...(accounts ? ["AccountId"] : []),
    "InstanceId",
    "ComputerName",
    "PingStatus",
    "PlatformName",
    "PlatformVersion",
    ...attributes,
  ];
  const lines = rows.map((r) => [
    ...(accounts ? [r.AccountId ?? ""] : []),
    r.InstanceId,
    r.ComputerName,
    r.PingStatus,
    r.PlatformName,
    r.PlatformVersion,
    ...attributes.map((a) => r.Attributes?.[a] ?? ""),
  ]);
  return { header, lines };
}

export function toCsv(rows: readonly Row[], accounts = false): string {
  const { header, lines } = toColumns(rows, accounts);
  return toCsvText(header, lines);
}

function toTable(rows: readonly Row[], accounts: boolean): string {
  const { header, lines } = toColumns(rows, accounts);
  return toTableText(header, lines);
}

/** Every result of a fleet search, through all its pages. */
export async function searchAll(o: ApiOptions, conditions: Condition[], allAccounts: boolean): Promise<Row[]> {
  const api = await apiClient(o);
  const rows: Row[] = [];
  let token: string | undefined;
  do {
    const page = await api.call<{ Results: Row[]; NextToken?: string }>("Bosun.SearchInventory", {
      Conditions: conditions,
      MaxResults: 1000,
      ...(allAccounts ? { AllAccounts: true } : {}),
      ...(token ? { NextToken: token } : {}),
    });
    rows.push(...page.Results);
    token = page.NextToken;
  } while (token);
  return rows;
}

/** Prints rows as a table, JSON or CSV; with `accounts`, each row says its account. */
export function printRows(rows: readonly Row[], output: string, accounts: boolean, none: string): void {
  if (output === "csv") process.stdout.write(toCsv(rows, accounts));
  else if (output === "json") process.stdout.write(toJsonText(rows));
  else process.stdout.write(rows.length > 0 ? toTable(rows, accounts) : `${none}\n`);
}

export function registerInventoryCommands(program: Command): void {
  const inventory = program.command("inventory").description("the fleet's inventory");
  withApiOptions(inventory.command("search").description("find nodes and software across the fleet"))
    .option(
      "--where <condition>",
      'a condition, e.g. "AWS:Application.Name = log4j-core" (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option("--all-accounts", "every account of the organization (management account or delegated administrator)", false)
    .option("--output <format>", "table, json or csv", "table")
    .action(async (o: ApiOptions & { where: string[]; output: string; allAccounts: boolean }) => {
      const rows = await searchAll(o, o.where.map(parseWhere), o.allAccounts);
      printRows(rows, o.output, o.allAccounts, "no matches");
    });

  const node = program.command("node").description("managed nodes");
  withApiOptions(node.command("list").description("list managed nodes"))
    .option("--all-accounts", "every account of the organization (management account or delegated administrator)", false)
    .option("--output <format>", "table, json or csv", "table")
    .action(async (o: ApiOptions & { output: string; allAccounts: boolean }) => {
      printRows(await searchAll(o, [], o.allAccounts), o.output, o.allAccounts, "no nodes");
    });
}
