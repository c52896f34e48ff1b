/**
 * @module Managed nodes (Fleet Manager-like): every node of the account and region with its tags, filtered on any
 * field or tag (Cloudscape's property filter), sorted, paged, with a column choice and CSV export of what is shown.
 * The filter lives in the location (`#/nodes?filter=PingStatus%3DOnline`), so a filtered list is a link; the column
 * choice is kept in the browser. Selected nodes can be sent a command, have their tags edited, or be deregistered.
 * Tags come from the AWS:Tag inventory type in pages of 50 nodes, not one ListTagsForResource per node.
 */
import {
  DeregisterManagedInstanceCommand,
  DescribeInstanceInformationCommand,
  GetInventoryCommand,
  type InstanceInformation,
} from "@aws-sdk/client-ssm";
import { useCollection } from "@cloudscape-design/collection-hooks";
import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ButtonDropdown from "@cloudscape-design/components/button-dropdown";
import CollectionPreferences from "@cloudscape-design/components/collection-preferences";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import Pagination from "@cloudscape-design/components/pagination";
import PropertyFilter from "@cloudscape-design/components/property-filter";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table, { type TableProps } from "@cloudscape-design/components/table";
import { useCallback, useEffect, useMemo, useState } from "react";
import { allPages, describeError, ssmClient } from "../../api.ts";
import { ConfirmModal } from "../../components/confirm-modal.tsx";
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
  { id: "Tags", header: "Tags" },
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
    // One column for every tag keeps the table inside the window; each tag is still a filter property (tag:<key>).
    Tags: tags.map((t) => `${t.Key}=${t.Value ?? ""}`).join(", ") || undefined,
  };
  for (const tag of tags) if (tag.Key) row[`tag:${tag.Key}`] = tag.Value ?? "";
  return row;
}

/** Every node (all pages), and every node's tags from the AWS:Tag inventory type (50 nodes a call). */
async function loadNodes(session: Session): Promise<Row[]> {
  const ssm = ssmClient(session);
  const [infos, tagged] = await Promise.all([
    allPages<InstanceInformation>(async (token) => {
      const page = await ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 50, ...(token ? { NextToken: token } : {}) }));
      return { items: page.InstanceInformationList, next: page.NextToken };
    }),
    allPages(async (token) => {
      const page = await ssm.send(
        new GetInventoryCommand({ ResultAttributes: [{ TypeName: "AWS:Tag" }], MaxResults: 50, ...(token ? { NextToken: token } : {}) }),
      );
      return { items: page.Entities, next: page.NextToken };
    }),
  ]);
  const tagsOf = new Map(
    tagged.map((entity) => [entity.Id ?? "", (entity.Data?.["AWS:Tag"]?.Content ?? []) as { Key?: string; Value?: string }[]]),
  );
  return infos.map((info) => toRow(info, tagsOf.get(info.InstanceId ?? "") ?? []));
}

/**
 * The property filter in the location: `filter=<key><op><value>` per token, where op is `=`, `!=`, `~` (contains) or
 * `!~`, and `text=<words>` for free text. Keys end at the first operator character (tag keys may not hold `!` or `~`).
 */
type Token = { propertyKey?: string; operator: string; value: string };
const urlOperators: [string, string][] = [
  ["!=", "!="],
  ["!~", "!:"],
  ["~", ":"],
  ["=", "="],
];

export function queryOf(filters: readonly string[], text: readonly string[] = []) {
  const tokens: Token[] = [];
  for (const f of filters) {
    const at = f.search(/!=|!~|~|=/);
    if (at <= 0) continue;
    const [written, operator] = urlOperators.find(([w]) => f.startsWith(w, at)) ?? ["=", "="];
    tokens.push({ propertyKey: f.slice(0, at), operator, value: f.slice(at + written.length) });
  }
  for (const words of text) tokens.push({ operator: ":", value: words });
  return { operation: "and" as const, tokens };
}

export function locationOf(tokens: readonly Token[]): string {
  const params = new URLSearchParams();
  for (const t of tokens) {
    if (!t.propertyKey) params.append("text", t.value);
    else params.append("filter", `${t.propertyKey}${urlOperators.find(([, op]) => op === t.operator)?.[0] ?? "="}${t.value}`);
  }
  const query = params.toString();
  return `${href("nodes")}${query ? `?${query}` : ""}`;
}

const preferencesKey = "bosun.nodes.preferences";
const defaultPreferences = {
  pageSize: 20,
  // What tells nodes apart and says whether they answer; the rest is one click away in the preferences.
  visibleContent: ["InstanceId", "Name", "PingStatus", "LastPingDateTime", "PlatformName", "IPAddress", "Tags"],
};

/** The column choice and page size, kept in this browser (localStorage) until changed again. */
function useStoredPreferences() {
  const [preferences, setPreferences] = useState(() => {
    try {
      const stored = JSON.parse(localStorage.getItem(preferencesKey) ?? "null") as typeof defaultPreferences | null;
      return stored?.visibleContent ? stored : defaultPreferences;
    } catch {
      return defaultPreferences;
    }
  });
  const save = (next: typeof defaultPreferences) => {
    localStorage.setItem(preferencesKey, JSON.stringify(next));
    setPreferences(next);
  };
  return [preferences, save] as const;
}

export function ManagedNodesPage({
  session,
  filters = [],
  text = [],
}: {
  session: Session;
  filters?: readonly string[];
  text?: readonly string[];
}) {
  const [rows, setRows] = useState<Row[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<{ title: string; message: string }>();
  const [preferences, setPreferences] = useStoredPreferences();
  const [selected, setSelected] = useState<Row[]>([]);
  const [deregistering, setDeregistering] = useState(false);

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
      defaultQuery: queryOf(filters, text),
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

  // The filter is written to the location without a page load (replaceState fires no hashchange).
  const query = propertyFilterProps.query;
  useEffect(() => {
    const next = locationOf(query.tokens as Token[]);
    if (next !== window.location.hash) window.history.replaceState(null, "", next);
  }, [query]);

  const deregister = async () => {
    setDeregistering(false);
    setError(undefined);
    const ssm = ssmClient(session);
    try {
      for (const node of selected) await ssm.send(new DeregisterManagedInstanceCommand({ InstanceId: node.InstanceId }));
      setSelected([]);
    } catch (e) {
      setError(describeError(e));
    }
    refresh();
  };
  const act = (action: string) => {
    const ids = selected.map((n) => n.InstanceId);
    if (action === "run") window.location.hash = href("run-command", undefined, { nodes: ids.join(",") });
    // A node's tags are edited on its page, beside what it reports.
    else if (action === "tags" && ids[0]) window.location.hash = href("nodes", ids[0]);
    else if (action === "deregister") setDeregistering(true);
  };

  const definitions: TableProps.ColumnDefinition<Row>[] = columns.map((c) => ({
    id: c.id,
    header: c.header,
    sortingField: c.id,
    cell: (row: Row) =>
      c.id === "InstanceId" ? (
        <Link href={href("nodes", row.InstanceId)}>{row.InstanceId}</Link>
      ) : c.id === "PingStatus" ? (
        <Status of={row.PingStatus} />
      ) : c.id === "LastPingDateTime" && row.PingStatus !== "Online" && row.LastPingDateTime ? (
        // A node that does not answer: its last ping is when it went quiet.
        `offline since ${row.LastPingDateTime}`
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
        columnDisplay={columns.map((c) => ({ id: c.id, visible: preferences.visibleContent.includes(c.id) }))}
        selectionType="multi"
        selectedItems={selected}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        trackBy="InstanceId"
        ariaLabels={{
          selectionGroupLabel: "Managed nodes",
          allItemsSelectionLabel: () => "All nodes on this page",
          itemSelectionLabel: (_, row) => `Node ${row.InstanceId}`,
        }}
        wrapLines
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
                <ButtonDropdown
                  disabled={selected.length === 0}
                  onItemClick={({ detail }) => act(detail.id)}
                  items={[
                    { id: "run", text: "Run command" },
                    { id: "tags", text: "Edit tags", disabled: selected.length !== 1, disabledReason: "Choose one node." },
                    { id: "deregister", text: "Deregister" },
                  ]}
                >
                  Node actions
                </ButtonDropdown>
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
                { label: "Node fields", options: fields.map((f) => ({ id: f.id, label: f.header })) },
                { label: "Tags", options: tagKeys.map((k) => ({ id: k, label: k })) },
              ],
            }}
          />
        }
      />
      <ConfirmModal
        visible={deregistering}
        header={`Deregister ${selected.length === 1 ? selected[0]?.InstanceId : `${selected.length} nodes`}?`}
        action="Deregister"
        onConfirm={() => void deregister()}
        onCancel={() => setDeregistering(false)}
      >
        A deregistered node's agent can no longer connect. Register the machine again with an activation to manage it.
      </ConfirmModal>
    </SpaceBetween>
  );
}
