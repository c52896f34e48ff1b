/**
 * @module Home (Explorer-like): the fleet at a glance — nodes by ping status, by platform and OS version and by agent
 * version; commands of the last 24 hours by status; inventory coverage by type. Every category links to its list.
 */
import {
  DescribeInstanceInformationCommand,
  GetInventoryCommand,
  GetInventorySchemaCommand,
  type InstanceInformation,
  ListCommandsCommand,
} from "@aws-sdk/client-ssm";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Grid from "@cloudscape-design/components/grid";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import type { ReactNode } from "react";
import { formatWhere } from "../../protocol/search-conditions.ts";
import { allPages, ssmClient } from "../api.ts";
import { ApiError } from "../components/api-error.tsx";
import { type Count, CountChart } from "../components/count-chart.tsx";
import { href } from "../route.ts";
import type { Session } from "../session.ts";
import { useLoad } from "../use-load.ts";

const dayMs = 24 * 60 * 60 * 1000;

function countBy<T>(items: readonly T[], label: (item: T) => string, link: (label: string, item: T) => string): Count[] {
  const counts = new Map<string, Count>();
  for (const item of items) {
    const l = label(item);
    const found = counts.get(l) ?? { label: l, count: 0, href: link(l, item) };
    found.count++;
    counts.set(l, found);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

const nodeFilter = (filters: Record<string, string | undefined>) =>
  `${href("nodes")}?${Object.entries(filters)
    .map(([k, v]) => `filter=${encodeURIComponent(`${k}=${v ?? ""}`)}`)
    .join("&")}`;

async function loadHome(session: Session) {
  const ssm = ssmClient(session);
  const [nodes, commands, schemas] = await Promise.all([
    allPages<InstanceInformation>(async (token) => {
      const page = await ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 50, NextToken: token }));
      return { items: page.InstanceInformationList, next: page.NextToken };
    }),
    allPages(async (token) => {
      const after = new Date(Date.now() - dayMs).toISOString();
      const page = await ssm.send(new ListCommandsCommand({ Filters: [{ key: "InvokedAfter", value: after }], NextToken: token }));
      return { items: page.Commands, next: page.NextToken };
    }),
    ssm.send(new GetInventorySchemaCommand({})),
  ]);
  // Coverage: how many nodes hold each type, from GetInventory's groups (SSM allows 15 groups per aggregator).
  const types = (schemas.Schemas ?? []).filter((s) => s.TypeName).slice(0, 15);
  const coverage =
    types.length === 0
      ? undefined
      : await ssm.send(
          new GetInventoryCommand({
            Aggregators: [
              {
                Groups: types.map((t) => ({
                  Name: t.TypeName,
                  Filters: [{ Key: "TypeName", Values: [t.TypeName ?? ""], Type: "Exists" }],
                })),
              },
            ],
          }),
        );
  const data = coverage?.Entities?.[0]?.Data ?? {};
  const typeCounts: Count[] = types.map((t) => {
    const name = t.TypeName ?? "";
    const matching = data[name]?.Content?.find((c) => c.matchingCount !== undefined)?.matchingCount ?? "0";
    const attribute = t.Attributes?.find((a) => a.Name === "Name")?.Name ?? t.Attributes?.[0]?.Name ?? "Name";
    return {
      label: name,
      count: Number(matching),
      href: `${href("inventory")}?where=${encodeURIComponent(formatWhere({ Key: `${name}.${attribute}`, Operator: "Exists", Values: [] }))}`,
    };
  });
  return {
    nodes: nodes.length,
    ping: countBy(
      nodes,
      (n) => n.PingStatus ?? "Unknown",
      (l) => nodeFilter({ PingStatus: l }),
    ),
    platforms: countBy(
      nodes,
      (n) => `${n.PlatformName ?? "Unknown"} ${n.PlatformVersion ?? ""}`.trim(),
      (_, n) => nodeFilter({ PlatformName: n.PlatformName, PlatformVersion: n.PlatformVersion }),
    ),
    agents: countBy(
      nodes,
      (n) => n.AgentVersion ?? "Unknown",
      (l) => nodeFilter({ AgentVersion: l }),
    ),
    commands: countBy(
      commands,
      (c) => c.Status ?? "Unknown",
      (l) => `${href("commands")}?status=${encodeURIComponent(l)}`,
    ),
    coverage: typeCounts.filter((c) => c.count > 0),
  };
}

type Home = Awaited<ReturnType<typeof loadHome>>;

/** The home page's charts, two to a row; coverage lists every type, so it takes a row of its own. */
const widgets: {
  title: string;
  description: string;
  counts: (home: Home) => Count[];
  kind: "donut" | "bars";
  noun: string;
  empty: string;
  wide?: boolean;
}[] = [
  { title: "Managed nodes", description: "By ping status", counts: (h) => h.ping, kind: "donut", noun: "nodes", empty: "No managed nodes" },
  {
    title: "Commands",
    description: "Run in the last 24 hours, by status",
    counts: (h) => h.commands,
    kind: "donut",
    noun: "commands",
    empty: "No commands in the last 24 hours",
  },
  {
    title: "Platforms",
    description: "Managed nodes by platform and OS version",
    counts: (h) => h.platforms,
    kind: "bars",
    noun: "nodes",
    empty: "No managed nodes",
  },
  {
    title: "Agent versions",
    description: "Managed nodes by agent version",
    counts: (h) => h.agents,
    kind: "bars",
    noun: "nodes",
    empty: "No managed nodes",
  },
  {
    title: "Inventory coverage",
    description: "Managed nodes that report each inventory type",
    counts: (h) => h.coverage,
    kind: "bars",
    noun: "nodes",
    empty: "No inventory yet: associate AWS-GatherSoftwareInventory",
    wide: true,
  },
];

function Widget({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  return (
    <Container header={<Header description={description}>{title}</Header>} fitHeight>
      {children}
    </Container>
  );
}

export function HomePage({ session }: { session: Session }) {
  const home = useLoad(() => loadHome(session), `${session.accountId}/${session.region}`);
  const v = home.value;
  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          description={`The fleet of account ${session.accountId} in ${session.region}`}
          actions={<Button iconName="refresh" ariaLabel="Refresh" loading={home.loading} onClick={home.reload} />}
        >
          Home
        </Header>
      }
    >
      <SpaceBetween size="l">
        <ApiError error={home.error} />
        <Grid gridDefinition={widgets.map((w) => ({ colspan: w.wide ? 12 : { default: 12, m: 6 } }))}>
          {widgets.map((w) => (
            <Widget key={w.title} title={w.title} description={w.description}>
              {v ? <CountChart counts={w.counts(v)} kind={w.kind} noun={w.noun} empty={w.empty} /> : <Spinner size="large" />}
            </Widget>
          ))}
        </Grid>
      </SpaceBetween>
    </ContentLayout>
  );
}
