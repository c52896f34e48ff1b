/**
 * @module The console's everyday table: text search over every column, sorting, paging and, when asked, CSV export of
 * what the search leaves — with loading, empty and no-match states. The managed nodes page has its own, richer table
 * (property filter and column choice); the other lists use this one.
 */
import { useCollection } from "@cloudscape-design/collection-hooks";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Header, { type HeaderProps } from "@cloudscape-design/components/header";
import Pagination from "@cloudscape-design/components/pagination";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table, { type TableProps } from "@cloudscape-design/components/table";
import TextFilter from "@cloudscape-design/components/text-filter";
import { type ReactNode, useState } from "react";
import { download, toCsv } from "../csv.ts";

export type Item = Record<string, string | undefined>;

export interface Column {
  id: string;
  header: string;
  cell?: (item: Item) => ReactNode;
}

export interface ItemsTableProps {
  title: string;
  items: readonly Item[];
  columns: readonly Column[];
  loading?: boolean;
  empty: string;
  /** The CSV file's name; without it there is no export. */
  csvName?: string;
  actions?: ReactNode;
  variant?: HeaderProps["variant"];
  pageSize?: number;
  selection?: { selected: readonly Item[]; onChange: (selected: Item[]) => void; trackBy: string };
  /** What the search box searches when it holds text, when that is more than `items` (every level of a hierarchy). */
  searchItems?: readonly Item[];
}

export function ItemsTable(props: ItemsTableProps) {
  const [searching, setSearching] = useState(false);
  const source = searching && props.searchItems ? props.searchItems : props.items;
  const { items, allPageItems, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection([...source], {
    filtering: {
      empty: (
        <Box textAlign="center" color="inherit">
          <b>{props.empty}</b>
        </Box>
      ),
      noMatch: (
        <Box textAlign="center" color="inherit">
          <b>No matches</b>
        </Box>
      ),
    },
    sorting: {},
    pagination: { pageSize: props.pageSize ?? 20 },
  });
  const definitions: TableProps.ColumnDefinition<Item>[] = props.columns.map((c) => ({
    id: c.id,
    header: c.header,
    sortingField: c.id,
    cell: (item) => c.cell?.(item) ?? item[c.id] ?? "-",
  }));
  const csvName = props.csvName;
  return (
    <Table
      {...collectionProps}
      items={items}
      columnDefinitions={definitions}
      // Long cells wrap, so a table stays inside the window rather than scrolling sideways.
      wrapLines
      loading={props.loading}
      loadingText={`Loading ${props.title.toLowerCase()}`}
      {...(props.selection
        ? {
            selectionType: "single" as const,
            trackBy: props.selection.trackBy,
            ariaLabels: {
              selectionGroupLabel: props.title,
              allItemsSelectionLabel: () => "All",
              itemSelectionLabel: (_: unknown, item: Item) => `${props.selection?.trackBy} ${item[props.selection?.trackBy ?? ""]}`,
            },
            selectedItems: [...props.selection.selected],
            onSelectionChange: ({ detail }: { detail: { selectedItems: Item[] } }) => props.selection?.onChange(detail.selectedItems),
          }
        : {})}
      header={
        <Header
          variant={props.variant ?? "h2"}
          counter={props.loading ? undefined : `(${props.items.length})`}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              {props.actions}
              {csvName && (
                <Button
                  disabled={allPageItems.length === 0}
                  onClick={() =>
                    download(
                      csvName,
                      toCsv(
                        props.columns.map((c) => ({ id: c.id, header: c.header })),
                        allPageItems,
                      ),
                    )
                  }
                >
                  Export CSV
                </Button>
              )}
            </SpaceBetween>
          }
        >
          {props.title}
        </Header>
      }
      filter={
        <TextFilter
          {...filterProps}
          onChange={(event) => {
            setSearching(event.detail.filteringText !== "");
            filterProps.onChange(event);
          }}
          filteringPlaceholder={`Search ${props.title.toLowerCase()}`}
          countText={`${filteredItemsCount ?? 0} matches`}
        />
      }
      pagination={<Pagination {...paginationProps} />}
    />
  );
}
