/**
 * @module Inventory: fleet search across types, tags and node fields (Bosun.SearchInventory, version-aware), its results
 * as a table with CSV export; and charts of the fleet's platforms and of one application's versions (openssl by
 * default), from GetInventory's aggregators. Conditions arrive in the location (`?where=…`) so every search is a link.
 */
import { GetInventoryCommand, GetInventorySchemaCommand } from "@aws-sdk/client-ssm";
import Button from "@cloudscape-design/components/button";
import Checkbox from "@cloudscape-design/components/checkbox";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import FormField from "@cloudscape-design/components/form-field";
import Grid from "@cloudscape-design/components/grid";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Link from "@cloudscape-design/components/link";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useEffect, useState } from "react";
import { type Condition, formatWhere, nodeFields, parseWhere } from "../../../protocol/search-conditions.ts";
import { allPages, bosunCall, describeError, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { type Count, CountChart } from "../../components/count-chart.tsx";
import { type Item, ItemsTable } from "../../components/items-table.tsx";
import { Status } from "../../components/status.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";
import { ConditionsEditor } from "./conditions-editor.tsx";

interface SearchRow {
  AccountId?: string;
  InstanceId: string;
  ComputerName?: string;
  PingStatus?: string;
  PlatformName?: string;
  PlatformVersion?: string;
  TypeName?: string;
  Attributes?: Record<string, string>;
}

export const searchLink = (conditions: readonly Condition[]) =>
  `${href("inventory")}?${conditions.map((c) => `where=${encodeURIComponent(formatWhere(c))}`).join("&")}`;

function readConditions(where: readonly string[]): Condition[] {
  const read: Condition[] = [];
  for (const text of where) {
    try {
      read.push(parseWhere(text));
    } catch {
      // A hand-edited link: the condition is dropped, the rest still search.
    }
  }
  return read;
}

async function loadCharts(session: Session, application: string) {
  const ssm = ssmClient(session);
  const [schemas, platforms, versions] = await Promise.all([
    ssm.send(new GetInventorySchemaCommand({})),
    ssm.send(new GetInventoryCommand({ Aggregators: [{ Expression: "AWS:InstanceInformation.PlatformName" }] })),
    application
      ? ssm.send(
          new GetInventoryCommand({
            Filters: [{ Key: "AWS:Application.Name", Values: [application], Type: "Equal" }],
            Aggregators: [{ Expression: "AWS:Application.Name", Aggregators: [{ Expression: "AWS:Application.Version" }] }],
          }),
        )
      : undefined,
  ]);
  const keys = [...nodeFields, ...(schemas.Schemas ?? []).flatMap((s) => (s.Attributes ?? []).map((a) => `${s.TypeName}.${a.Name}`))];
  const platformCounts: Count[] = (platforms.Entities?.[0]?.Data?.["AWS:InstanceInformation"]?.Content ?? []).map((c) => ({
    label: c.PlatformName ?? "Unknown",
    count: Number(c.Count ?? 0),
    href: searchLink([{ Key: "PlatformName", Operator: "Equal", Values: [c.PlatformName ?? ""] }]),
  }));
  const versionCounts: Count[] = (versions?.Entities?.[0]?.Data?.["AWS:Application"]?.Content ?? [])
    .filter((c) => c.Name === application)
    .map((c) => ({
      label: c.Version ?? "",
      count: Number(c.Count ?? 0),
      href: searchLink([
        { Key: "AWS:Application.Name", Operator: "Equal", Values: [application] },
        { Key: "AWS:Application.Version", Operator: "Equal", Values: [c.Version ?? ""] },
      ]),
    }))
    .sort((a, b) => b.count - a.count);
  return { keys, platformCounts, versionCounts };
}

export function InventoryPage({ session, where }: { session: Session; where: readonly string[] }) {
  const [conditions, setConditions] = useState<Condition[]>(() => {
    const read = readConditions(where);
    return read.length > 0 ? read : [{ Key: "AWS:Application.Name", Operator: "Equal", Values: [] }];
  });
  const [allAccounts, setAllAccounts] = useState(false);
  const [rows, setRows] = useState<SearchRow[]>();
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<{ title: string; message: string }>();
  const [application, setApplication] = useState("openssl");
  const [chartApplication, setChartApplication] = useState("openssl");
  const charts = useLoad(() => loadCharts(session, chartApplication), `${session.accountId}/${session.region}/${chartApplication}`);

  const search = async (asked: Condition[]) => {
    setSearching(true);
    setError(undefined);
    try {
      const clean = asked.filter((c) => c.Key).map((c) => ({ ...c, Values: c.Operator === "Exists" ? [] : c.Values.map((v) => v.trim()) }));
      setRows(
        await allPages(async (token) => {
          const page = await bosunCall<{ Results?: SearchRow[]; NextToken?: string }>(session, "SearchInventory", {
            Conditions: clean,
            MaxResults: 1000,
            ...(allAccounts ? { AllAccounts: true } : {}),
            ...(token ? { NextToken: token } : {}),
          });
          return { items: page.Results, next: page.NextToken };
        }, 5000),
      );
    } catch (e) {
      setError(describeError(e));
      setRows(undefined);
    } finally {
      setSearching(false);
    }
  };
  // A link with conditions (from home or a chart) searches at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the first render's conditions come from the link.
  useEffect(() => {
    if (readConditions(where).length > 0) void search(readConditions(where));
  }, []);

  const attributes = [...new Set((rows ?? []).flatMap((r) => Object.keys(r.Attributes ?? {})))];
  const accounts = (rows ?? []).some((r) => r.AccountId && r.AccountId !== session.accountId);
  const items: Item[] = (rows ?? []).map((r) => ({
    AccountId: r.AccountId,
    InstanceId: r.InstanceId,
    ComputerName: r.ComputerName,
    PingStatus: r.PingStatus,
    PlatformName: r.PlatformName,
    PlatformVersion: r.PlatformVersion,
    ...Object.fromEntries(attributes.map((a) => [a, r.Attributes?.[a]])),
  }));
  return (
    <ContentLayout
      header={
        <Header variant="h1" description="Find nodes and software across the fleet">
          Inventory
        </Header>
      }
    >
      <SpaceBetween size="l">
        <Container
          header={
            <Header
              variant="h2"
              description="Conditions are ANDed; conditions on one type hold on the same entry (Name = openssl AND Version < 3 is one package)."
            >
              Fleet search
            </Header>
          }
        >
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void search(conditions);
            }}
          >
            <SpaceBetween size="m">
              <ConditionsEditor conditions={conditions} keys={charts.value?.keys ?? nodeFields} onChange={setConditions} />
              <SpaceBetween direction="horizontal" size="m" alignItems="center">
                <Button variant="primary" loading={searching}>
                  Search
                </Button>
                <Checkbox checked={allAccounts} onChange={({ detail }) => setAllAccounts(detail.checked)}>
                  All accounts of the organization
                </Checkbox>
                <Link href={searchLink(conditions)}>Link to this search</Link>
              </SpaceBetween>
            </SpaceBetween>
          </form>
        </Container>
        <ApiError error={error} />
        {rows && (
          <ItemsTable
            title="Results"
            items={items}
            empty="No node matches"
            csvName={`inventory-search-${session.accountId}-${session.region}.csv`}
            columns={[
              ...(accounts ? [{ id: "AccountId", header: "Account" }] : []),
              {
                id: "InstanceId",
                header: "Node ID",
                cell: (r: Item) =>
                  r.AccountId && r.AccountId !== session.accountId ? (
                    r.InstanceId
                  ) : (
                    <Link href={href("nodes", r.InstanceId)}>{r.InstanceId}</Link>
                  ),
              },
              { id: "ComputerName", header: "Computer name" },
              { id: "PingStatus", header: "Ping status", cell: (r: Item) => <Status of={r.PingStatus} /> },
              { id: "PlatformName", header: "Platform" },
              { id: "PlatformVersion", header: "Platform version" },
              ...attributes.map((a) => ({ id: a, header: a })),
            ]}
          />
        )}
        <ApiError error={charts.error} />
        <Grid gridDefinition={[{ colspan: { default: 12, m: 6 } }, { colspan: { default: 12, m: 6 } }]}>
          <Container
            header={
              <Header variant="h2" description="Managed nodes by platform">
                Platforms
              </Header>
            }
            fitHeight
          >
            <CountChart counts={charts.value?.platformCounts ?? []} kind="donut" noun="nodes" empty="No inventory yet" />
          </Container>
          <Container
            header={
              <Header variant="h2" description="Nodes per installed version of one application">
                Application versions
              </Header>
            }
            fitHeight
          >
            <SpaceBetween size="m">
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  setChartApplication(application.trim());
                }}
              >
                <FormField label="Application">
                  <SpaceBetween direction="horizontal" size="xs">
                    <Input ariaLabel="Application" value={application} onChange={({ detail }) => setApplication(detail.value)} />
                    <Button>Show versions</Button>
                  </SpaceBetween>
                </FormField>
              </form>
              <CountChart counts={charts.value?.versionCounts ?? []} kind="bars" noun="nodes" empty={`No node has ${chartApplication}`} />
            </SpaceBetween>
          </Container>
        </Grid>
      </SpaceBetween>
    </ContentLayout>
  );
}
