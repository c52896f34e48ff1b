/**
 * @module Managed nodes (Fleet Manager-like): every node of the account and region with its tags, filtered on any
 * field or tag (Cloudscape's property filter), sorted, paged, with a column choice and CSV export of what is shown.
 */
import { DescribeInstanceInformationCommand, type InstanceInformation, ListTagsForResourceCommand } from "@aws-sdk/client-ssm";
import { useCollection } from "@cloudscape-design/collection-hooks";
import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import CollectionPreferences from "@cloudscape-design/components/collection-preferences";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import Pagination from "@cloudscape-design/components/pagination";
import PropertyFilter from "@cloudscape-design/components/property-filter";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table, { type TableProps } from "@cloudscape-design/components/table";
import { useCallback, useEffect, useMemo, useState } from "react";
import { describeError, ssmClient } from "../../api.ts";
import { Status } from "../../components/status.tsx";
import { download, toCsv } from "../../csv.ts";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";

type Row = Record<string, string | undefined> & { InstanceId: string };

const fields: { id: string; header: string }[] = [
  { id: "InstanceId", header: "Node ID" },
  { id: "Name", header: "Name" },
  { id: "ComputerName", header: "Computer name" },
  { id: "PingStatus", header: "Ping status" },
  { id: "PlatformName", header: "Platform" },
  { id: "PlatformVersion", header: "Platform version" },
  { id: "AgentVersion", header: "Agent version" },
  { id: "IPAddress", header: "IP address" },
  { id: "LastPingDateTime", header: "Last ping" },
];

function toRow(info: InstanceInformation, tags: { Key?: string; Value?: string }[]): Row {
  const row: Row = {
    InstanceId: info.InstanceId ?? "",
    // A node's name is its Name tag, as in the AWS console; the host name where it has none.
    Name: tags.find((t) => t.Key === "Name")?.Value ?? info.ComputerName,
    ComputerName: info.ComputerName,
    PingStatus: info.PingStatus,
    PlatformName: info.PlatformName,
    PlatformVersion: info.PlatformVersion,
    AgentVersion: info.AgentVersion,
    IPAddress: info.IPAddress,
    LastPingDateTime: info.LastPingDateTime?.toISOString(),
  };
  for (const tag of tags) if (tag.Key) row[`tag:${tag.Key}`] = tag.Value ?? "";
  return row;
}

/** Every node (all pages), then each node's tags, a few calls at a time. */
async function loadNodes(session: Session): Promise<Row[]> {
  const ssm = ssmClient(session);
  const infos: InstanceInformation[] = [];
  let token: string | undefined;
  do {
    const page = await ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 50, ...(token ? { NextToken: token } : {}) }));
    infos.push(...(page.InstanceInformationList ?? []));
    token = page.NextToken;
  } while (token);
  const rows: Row[] = [];
  for (let i = 0; i < infos.length; i += 8)
    rows.push(
      ...(await Promise.all(
        infos.slice(i, i + 8).map(async (info) => {
          const tags = await ssm.send(
            new ListTagsForResourceCommand({ ResourceType: "ManagedInstance", ResourceId: info.InstanceId ?? "" }),
          );
          return toRow(info, tags.TagList ?? []);
        }),
      )),
    );
  return rows;
}

/** `filter=<field>=<value>` parameters (links from the home page) as the property filter's starting tokens. */
function queryOf(filters: readonly string[]) {
  const tokens = filters.map((f) => {
    const at = f.indexOf("=");
    return { propertyKey: f.slice(0, at), operator: "=" as const, value: f.slice(at + 1) };
  });
  return { operation: "and" as const, tokens: tokens.filter((t) => t.propertyKey) };
}

export function ManagedNodesPage({ session, filters = [] }: { session: Session; filters?: readonly string[] }) {
  const [rows, setRows] = useState<Row[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<{ title: string; message: string }>();
  const [preferences, setPreferences] = useState({
    pageSize: 20,
    // What tells nodes apart and says whether they answer; the rest is one click away in the preferences.
    visibleContent: ["InstanceId", "Name", "PingStatus", "LastPingDateTime", "PlatformName", "PlatformVersion", "IPAddress", "tags"],
  });

  const refresh = useCallback(() => {
    setLoading(true);
    setError(undefined);
    loadNodes(session)
      .then(setRows)
      .catch((e: unknown) => setError(describeError(e)))
      .finally(() => setLoading(false));
  }, [session]);
  useEffect(refresh, [refresh]);

  const tagKeys = useMemo(() => [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => k.startsWith("tag:"))))].sort(), [rows]);
  const columns = useMemo(() => [...fields, ...tagKeys.map((k) => ({ id: k, header: k }))], [tagKeys]);
  const { items, allPageItems, collectionProps, propertyFilterProps, paginationProps, filteredItemsCount } = useCollection(rows, {
    propertyFiltering: {
      defaultQuery: queryOf(filters),
      filteringProperties: columns.map((c) => ({
        key: c.id,
        propertyLabel: c.header,
        groupValuesLabel: `${c.header} values`,
        operators: ["=", "!=", ":", "!:"],
      })),
      empty: (
        <Box textAlign="center" color="inherit">
          <b>No managed nodes</b>
          <Box variant="p">Register a machine with an activation and `bosun agent register`.</Box>
        </Box>
      ),
      noMatch: (
        <Box textAlign="center" color="inherit">
          <b>No matches</b>
          <Box variant="p">No node matches the filter.</Box>
        </Box>
      ),
    },
    sorting: { defaultState: { sortingColumn: { sortingField: "InstanceId" } } },
    pagination: { pageSize: preferences.pageSize },
  });

  const definitions: TableProps.ColumnDefinition<Row>[] = columns.map((c) => ({
    id: c.id,
    header: c.header,
    sortingField: c.id,
    cell: (row: Row) =>
      c.id === "InstanceId" ? (
        <Link href={href("nodes", row.InstanceId)}>{row.InstanceId}</Link>
      ) : c.id === "PingStatus" ? (
        <Status of={row.PingStatus} />
      ) : (
        (row[c.id] ?? "-")
      ),
  }));

  return (
    <SpaceBetween size="m">
      {error && (
        <Alert type="error" header={error.title}>
          {error.message}
        </Alert>
      )}
      <Table
        {...collectionProps}
        items={items}
        columnDefinitions={definitions}
        columnDisplay={columns.map((c) => ({
          id: c.id,
          visible: preferences.visibleContent.includes(c.id) || (c.id.startsWith("tag:") && preferences.visibleContent.includes("tags")),
        }))}
        loading={loading}
        loadingText="Loading managed nodes"
        variant="full-page"
        stickyHeader
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={loading ? undefined : `(${filteredItemsCount ?? rows.length}/${rows.length})`}
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="refresh" ariaLabel="Refresh" onClick={refresh} />
                <Button
                  disabled={allPageItems.length === 0}
                  onClick={() => download(`managed-nodes-${session.accountId}-${session.region}.csv`, toCsv(columns, allPageItems))}
                >
                  Export CSV
                </Button>
              </SpaceBetween>
            }
          >
            Managed nodes
          </Header>
        }
        filter={
          <PropertyFilter
            {...propertyFilterProps}
            filteringPlaceholder="Filter nodes by any field or tag"
            countText={`${filteredItemsCount ?? 0} matches`}
          />
        }
        pagination={<Pagination {...paginationProps} />}
        preferences={
          <CollectionPreferences
            title="Preferences"
            confirmLabel="Confirm"
            cancelLabel="Cancel"
            preferences={preferences}
            onConfirm={({ detail }) =>
              setPreferences({
                pageSize: detail.pageSize ?? 20,
                visibleContent: [...(detail.visibleContent ?? preferences.visibleContent)],
              })
            }
            pageSizePreference={{
              title: "Page size",
              options: [10, 20, 50, 100].map((n) => ({ value: n, label: `${n} nodes` })),
            }}
            visibleContentPreference={{
              title: "Columns",
              options: [
                { label: "Node fields", options: [...fields.map((f) => ({ id: f.id, label: f.header })), { id: "tags", label: "Tags" }] },
              ],
            }}
          />
        }
      />
    </SpaceBetween>
  );
}
